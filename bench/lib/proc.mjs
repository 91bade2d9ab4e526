// What the harness asks the OS: commands on PATH, CPU pinning (taskset), a process's memory and CPU
// time (/proc, Linux), and signals to a whole process group.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function which(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

// One core for the load generator (this process and wrk), one for the server under test.
const pinning = { enabled: false, loadCpu: 0, serverCpu: 1, allCpus: '0' };

export function setupPinning(wanted) {
  const cpus = os.availableParallelism(); // before this process pins itself
  pinning.enabled = wanted && cpus >= 2 && which('taskset') !== undefined;
  pinning.allCpus = `0-${cpus - 1}`;
  if (pinning.enabled)
    spawnSync('taskset', ['-cp', String(pinning.loadCpu), String(process.pid)], { stdio: 'ignore' });
  return pinning.enabled ? { server: pinning.serverCpu, load: pinning.loadCpu } : undefined;
}

/** The command pinned to the server's core, or (`pin` false) free on every core, unlike this process. */
export function pinned(command, args, pin = true) {
  if (!pinning.enabled) return [command, args];
  return ['taskset', ['-c', pin ? String(pinning.serverCpu) : pinning.allCpus, command, ...args]];
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc (Linux only). */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/**
 * CPU time (user + system, all threads) a process ('self' for this one) has used so far, in ms,
 * plus with `withChildren` that of its waited-for children (e.g. a finished wrk); NaN when unknown.
 */
export function cpuTimeOf(pid, withChildren = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number); // the name may contain spaces
    const ticks = f[11] + f[12] + (withChildren ? f[13] + f[14] : 0); // utime stime [cutime cstime]
    return (ticks * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
