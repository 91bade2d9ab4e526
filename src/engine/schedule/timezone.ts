// IANA time zones through Node's Intl (full ICU in Node 20): wall-clock time of an instant, and the
// instants of a wall-clock time (none in a spring-forward gap, two in a fall-back overlap).
import { DAY_MS, SECOND_MS } from './limits.js';

export const DEFAULT_TIMEZONE = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

// IANA names only: Intl also accepts offsets such as "+01:00", which AWS's IANA-format field does not.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

export function isValidTimeZone(timezone: string): boolean {
  if (!IANA_NAME.test(timezone)) return false;
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function isUtc(timezone: string): boolean {
  return timezone === 'UTC';
}

/** The wall-clock time (zoneless ms) that an instant shows in a zone. */
export function toLocal(timezone: string, instantMs: number): number {
  if (isUtc(timezone)) return instantMs;
  const whole = Math.floor(instantMs / SECOND_MS) * SECOND_MS;
  const p: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(whole)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (instantMs - whole);
}

/** The instants at which a zone's clocks show this wall-clock time, ascending: 0 (gap), 1, or 2 (overlap). */
export function fromLocal(timezone: string, local: number): number[] {
  if (isUtc(timezone)) return [local];
  // The offsets a day either side bracket any single transition near this time.
  const candidates = [local - offsetAt(timezone, local - DAY_MS), local - offsetAt(timezone, local + DAY_MS)];
  const found = [...new Set(candidates)].filter((t) => toLocal(timezone, t) === local);
  return found.sort((a, b) => a - b);
}

/** One instant for a wall-clock time: the earlier in an overlap; in a gap, the offset in force before it. */
export function resolveLocal(timezone: string, local: number): number {
  const instants = fromLocal(timezone, local);
  if (instants.length) return instants[0];
  return local - offsetAt(timezone, local - DAY_MS);
}

function offsetAt(timezone: string, instantMs: number): number {
  return toLocal(timezone, instantMs) - instantMs;
}
