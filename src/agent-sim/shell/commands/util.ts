// Shared by the node's custom commands: results, the user a shell runs as, option parsing.
import type { Command, ExecResult, ResolvedCommandContext } from 'just-bash';
import type { JustBash } from '../load.js';
import type { ShellHost } from '../host.js';
import type { UserInfo } from '../users.js';

export type { Command, ExecResult, ResolvedCommandContext };

/** What every command factory gets: the node, the user this shell runs as, just-bash's runtime helpers. */
export interface CommandEnv {
  host: ShellHost;
  user: UserInfo;
  jb: JustBash;
  /** Runs argv as another user of the node (sudo), in the calling command's directory. */
  runAs(
    user: UserInfo,
    argv: string[],
    ctx: ResolvedCommandContext,
    env: Record<string, string>,
  ): Promise<ExecResult>;
}

export const ok = (stdout = '', stderr = ''): ExecResult => ({ stdout, stderr, exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ''): ExecResult => ({ stdout, stderr, exitCode });

export function command(
  name: string,
  run: (args: string[], ctx: ResolvedCommandContext) => ExecResult | Promise<ExecResult>,
): Command {
  return { name, execute: async (args, ctx) => run(args, ctx) };
}

/** Splits `-abc` into single-letter flags and collects `--long` options and operands. */
export function parseFlags(args: string[]): { flags: Set<string>; long: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const long = new Set<string>();
  const operands: string[] = [];
  for (const a of args) {
    if (a.startsWith('--') && a.length > 2) long.add(a.slice(2));
    else if (a.startsWith('-') && a.length > 1) for (const c of a.slice(1)) flags.add(c);
    else operands.push(a);
  }
  return { flags, long, operands };
}

/** Right-aligned table columns, as procps and coreutils print them. */
export function columns(rows: (string | number)[][], widths: number[], left: number[] = []): string {
  return rows
    .map((r) =>
      r
        .map((c, i) => (left.includes(i) ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
        .join(' ')
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** Time since the node booted, as uptime and ps show it. */
export function upFor(host: ShellHost): number {
  return Math.max(0, host.sleeper.nowMs() - host.bootMs());
}

export const isRoot = (user: UserInfo) => user.uid === 0;
