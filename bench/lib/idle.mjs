// Other work on the same 2 cores skews every number. From /proc/stat the harness measures how busy
// the machine is before a measurement (waiting a bounded time for it to calm down) and how much CPU
// others used during one (machine busy time minus the server's and the bench's own).
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLK_TCK, cpuTimeOf } from './proc.mjs';

const SAMPLE_MS = 500;
/** A measurement during which other processes used more than this share of the machine is disturbed. */
export const NOISY = 0.1;

function machineTimes() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined; // not Linux: no measurement
  }
}

/** Fraction (0..1) of all CPUs busy during the next SAMPLE_MS, or NaN when unknown. */
export async function busyFraction() {
  const a = machineTimes();
  await sleep(SAMPLE_MS);
  const b = machineTimes();
  if (!a || !b || b.total === a.total) return NaN;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/** Waits up to maxWaitS for the machine to be less than `threshold` busy; returns the last busy fraction. */
export async function waitForIdle({ maxWaitS, threshold, log }) {
  const started = Date.now();
  let busy = await busyFraction();
  let warned = false;
  while (busy > threshold && (Date.now() - started) / 1000 < maxWaitS) {
    if (!warned)
      log(`  machine ${pct(busy)} busy with other work: waiting up to ${maxWaitS}s for it to calm down`);
    warned = true;
    await sleep(1000);
    busy = await busyFraction();
  }
  if (busy > threshold) log(`  warning: still ${pct(busy)} busy with other work; numbers will be noisy`);
  return busy;
}

/**
 * Starts watching a measurement; the returned function gives the fraction (0..1) of the machine that
 * other processes used meanwhile: busy time minus the server's (serverCpuMs(): its CPU ms so far)
 * and the bench's own, which includes wrk (a waited-for child).
 */
export function watchOthers(serverCpuMs) {
  const ours = () => serverCpuMs() + cpuTimeOf('self', true);
  const start = { machine: machineTimes(), ours: ours() };
  return () => {
    const end = machineTimes();
    if (!start.machine || !end || end.total === start.machine.total) return NaN;
    const toMs = (ticks) => (ticks * 1000) / CLK_TCK;
    const capacityMs = toMs(end.total - start.machine.total);
    const busyMs = capacityMs - toMs(end.idle - start.machine.idle);
    return Math.min(1, Math.max(0, (busyMs - (ours() - start.ours)) / capacityMs));
  };
}

export const pct = (fraction) => (Number.isFinite(fraction) ? `${(fraction * 100).toFixed(0)}%` : 'n/a');
