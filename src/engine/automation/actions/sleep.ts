// aws:sleep: waits for Duration (ISO 8601, e.g. PT5M) or until Timestamp (ISO 8601 UTC), on the emulator
// clock, so a test that advances a virtual clock passes it at once.
import { MAX_SLEEP_MS } from '../limits.js';
import { ActionInputError, type ActionRunner } from './types.js';

export const sleep: ActionRunner = async (ctx) => {
  const { Duration, Timestamp } = ctx.inputs;
  let ms: number;
  if (typeof Duration === 'string') ms = durationMs(Duration);
  else if (typeof Timestamp === 'string') {
    const at = Date.parse(Timestamp);
    if (Number.isNaN(at))
      throw new ActionInputError(`Timestamp ${Timestamp} is not an ISO 8601 date and time.`);
    ms = at - ctx.services.clock.nowMs();
  } else throw new ActionInputError('aws:sleep needs a Duration or a Timestamp.');
  if (ms > MAX_SLEEP_MS) throw new ActionInputError('aws:sleep can wait at most 7 days.');
  await ctx.sleep(Math.max(0, ms));
  return { status: 'Success' };
};

/** ISO 8601 durations: PnDTnHnMnS (weeks too); fractions of seconds allowed. */
export function durationMs(text: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T'))
    throw new ActionInputError(`Duration ${text} is not an ISO 8601 duration such as PT5M.`);
  const [, w, d, h, min, s] = m;
  const seconds =
    Number(w ?? 0) * 604_800 +
    Number(d ?? 0) * 86_400 +
    Number(h ?? 0) * 3_600 +
    Number(min ?? 0) * 60 +
    Number(s ?? 0);
  return Math.round(seconds * 1000);
}
