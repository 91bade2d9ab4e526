// A virtual node's simulated shell: one file system per node, kept across commands and sessions, and one
// just-bash interpreter per user that has run something there (root for Run Command, ssm-user for sessions),
// all over that file system. Nothing is built before the node's first command: an idle node costs nothing.
import { posix } from 'node:path';
import type { Bash, BashExecResult, ExecOptions, IFileSystem } from 'just-bash';
import { MAX_EXECUTION_TIMEOUT_SECONDS } from '../plugins/context.js';
import { NEVER_PRESENT, ON_DEMAND_COMMANDS, nodeCommands } from './commands/index.js';
import { syncOnDemand } from './commands/on-demand.js';
import type { CommandEnv } from './commands/util.js';
import type { ShellHost } from './host.js';
import { loadJustBash, type JustBash } from './load.js';
import { interactiveWording, scriptWording } from './messages.js';
import { osImage } from './os-image.js';
import { nodeFileSystem } from './system-fs.js';
import type { UserInfo } from './users.js';

/** Bytes a node's files may hold (just-bash's own limit is 1 GiB, too much for thousands of nodes). */
export const MAX_NODE_FS_BYTES = 64 * 1024 * 1024;
/** Output one run may produce (AWS keeps 24,000 characters in the API; the rest would go to S3). */
export const MAX_RUN_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface ShellOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** An interactive shell's state between lines: its directory and its variables. */
export interface LineState {
  cwd: string;
  vars: Record<string, string>;
  /** Variables the shell got in its environment: exported (its own exports stay exported too). */
  exported: string[];
}

/** Node commands that call the just-bash command they replace (ctx.origCommand). */
const WRAPS_BUNDLED = new Set(['ls', 'date', ...ON_DEMAND_COMMANDS]);

/** A name the shell can export. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class NodeShell {
  private jb?: JustBash;
  private fs?: IFileSystem;
  private readonly bashes = new Map<string, Promise<Bash>>();
  /** Names each interpreter exports (just-bash keeps an interpreter's exported names across runs). */
  private readonly exported = new Map<Bash, Set<string>>();
  /** aws:downloadContent writes into NodeState.files: copied into the file system before each run. */
  private readonly synced = new Map<string, string>();

  constructor(readonly host: ShellHost) {}

  userNamed(name: string): UserInfo | undefined {
    return this.host.users.find((u) => u.name === name);
  }

  /** Runs a Run Command script as SSM Agent does (held: a virtual clock's advance waits for it, not its sleeps). */
  runScript(o: Parameters<NodeShell['runScriptNow']>[0]): ReturnType<NodeShell['runScriptNow']> {
    return this.host.sleeper.hold(this.runScriptNow(o));
  }

  /** Writes the script to scriptPath and runs it with sh in cwd. */
  private async runScriptNow(o: {
    script: string;
    scriptPath: string;
    cwd: string;
    /** Where to run when cwd does not exist (the agent's default for a relative working directory). */
    fallbackCwd?: string;
    env: Record<string, string>;
    user: UserInfo;
    signal: AbortSignal;
  }): Promise<ShellOutput | { launchError: string }> {
    const bash = await this.bashFor(o.user);
    await this.syncFiles();
    const fs = this.fs!;
    const cwd = (await exists(fs, o.cwd)) ? o.cwd : o.fallbackCwd;
    // Go's exec reports the child's failed chdir against the program it was starting.
    if (!cwd) return { launchError: 'fork/exec /usr/bin/sh: no such file or directory' };
    await fs.mkdir(posix.dirname(o.scriptPath), { recursive: true });
    await fs.writeFile(o.scriptPath, `${o.script}\n`);
    await fs.chmod(o.scriptPath, 0o700);
    // One exec: mark the agent's environment exported, then run the script file with sh.
    const names = Object.keys(o.env).filter((n) => NAME.test(n));
    const r = await safeExec(bash, `export ${names.join(' ')}\nsh ${o.scriptPath}`, {
      cwd,
      env: this.withShellVars(o.env),
      replaceEnv: true,
      signal: o.signal,
    });
    return {
      stdout: r.stdout,
      stderr: scriptWording(r.stderr, this.host.traits, o.scriptPath, o.script),
      exitCode: r.exitCode,
    };
  }

  /** Runs one line of an interactive sh: its directory and variables carry over to the next line. */
  runLine(
    line: string,
    state: LineState,
    user: UserInfo,
    lineNo: number,
    signal?: AbortSignal,
  ): Promise<{ out: ShellOutput; state: LineState }> {
    return this.host.sleeper.hold(this.runLineNow(line, state, user, lineNo, signal));
  }

  private async runLineNow(
    line: string,
    state: LineState,
    user: UserInfo,
    lineNo: number,
    signal?: AbortSignal,
  ): Promise<{ out: ShellOutput; state: LineState }> {
    const bash = await this.bashFor(user);
    await this.syncFiles();
    const cwd = (await exists(this.fs!, state.cwd)) ? state.cwd : '/';
    await this.export(bash, Object.fromEntries(state.exported.map((n) => [n, state.vars[n] ?? ''])));
    const r = await safeExec(bash, line, {
      cwd,
      env: this.withShellVars(state.vars),
      replaceEnv: true,
      signal,
    });
    const { '?': _status, ...vars } = r.env;
    void _status;
    return {
      out: {
        stdout: r.stdout,
        stderr: interactiveWording(r.stderr, this.host.traits, lineNo),
        exitCode: r.exitCode,
      },
      state: { cwd: vars.PWD ?? cwd, vars, exported: state.exported },
    };
  }

  /** Variables bash sets itself. */
  private withShellVars(env: Record<string, string>): Record<string, string> {
    return { HOSTNAME: this.host.node.computerName, ...env };
  }

  /**
   * Marks the variables of an environment exported, so that scripts and the commands they start see them:
   * just-bash takes exec's env as shell variables, and keeps what `export` marked across runs (so a
   * session's own exports stay exported on its next lines).
   */
  private async export(bash: Bash, env: Record<string, string>): Promise<void> {
    const done = this.exported.get(bash) ?? new Set<string>();
    this.exported.set(bash, done);
    const names = Object.keys(env).filter((n) => !done.has(n) && NAME.test(n));
    if (!names.length) return;
    await safeExec(bash, `export ${names.join(' ')}`, { env, replaceEnv: true });
    names.forEach((n) => done.add(n));
  }

  /** A reboot empties /tmp (a tmpfs on these images). */
  async rebooted(): Promise<void> {
    const fs = this.fs;
    if (!fs) return;
    await fs.rm('/tmp', { recursive: true, force: true });
    await fs.mkdir('/tmp', { recursive: true });
  }

  private bashFor(user: UserInfo): Promise<Bash> {
    let b = this.bashes.get(user.name);
    if (!b) {
      b = this.create(user);
      this.bashes.set(user.name, b);
    }
    return b;
  }

  private async create(user: UserInfo): Promise<Bash> {
    this.jb ??= await loadJustBash();
    // The first interpreter builds the node's file system; the others share it.
    const first = !this.fs;
    const image = first ? osImage(this.host) : undefined;
    const env: CommandEnv = {
      host: this.host,
      user,
      jb: this.jb,
      runAs: async (who, argv, ctx, runEnv) => {
        const other = await this.bashFor(who);
        const r = await safeExec(other, argv.map(quote).join(' '), {
          cwd: ctx.cwd,
          env: runEnv,
          replaceEnv: true,
          stdin: this.jb!.latin1FromBytes(ctx.stdin),
          stdinKind: 'bytes',
          signal: ctx.signal,
        });
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      },
    };
    const sleeper = this.host.sleeper;
    const commands = nodeCommands(env);
    // A node command that replaces a just-bash one without calling it (hostname, whoami, sleep) leaves it out:
    // just-bash wraps the replaced command's context on every call.
    const own = new Set(commands.filter((c) => !WRAPS_BUNDLED.has(c.name)).map((c) => c.name));
    const bundled = this.jb.getCommandNames().filter((c) => !NEVER_PRESENT.includes(c) && !own.has(c));
    if (first) {
      const names = [...new Set([...bundled, ...own])];
      const shown = names.filter((c) => !ON_DEMAND_COMMANDS.includes(c)).sort();
      this.fs = nodeFileSystem(this.jb, this.host.profile.os, shown, image!.files, MAX_NODE_FS_BYTES);
      for (const dir of image!.dirs) await this.fs.mkdir(dir, { recursive: true });
      await this.fs.chmod('/tmp', 0o1777);
    }
    const bash = new this.jb.Bash({
      // Required: the default monkey-patches globals (setTimeout, process...) while a script runs, which
      // would break the server's other requests interleaved with it, and it costs 4x.
      defenseInDepth: false,
      fs: this.fs,
      cwd: '/',
      processInfo: { pid: 4242, ppid: 1520, uid: user.uid, gid: user.gid },
      commands: bundled as never,
      customCommands: commands,
      // just-bash's own waits (timeout) on the emulator clock; `sleep` is a node command (commands/system.ts).
      sleep: async (ms) => {
        await sleeper.sleep(ms);
      },
      executionLimits: {
        maxExecutionTimeMs: MAX_EXECUTION_TIMEOUT_SECONDS * 1000,
        maxFileSystemBytes: MAX_NODE_FS_BYTES,
        maxOutputSize: MAX_RUN_OUTPUT_BYTES,
      },
    });
    return bash;
  }

  private async syncFiles(): Promise<void> {
    await syncOnDemand(this.fs!, this.host); // packages may have come through aws:configurePackage
    for (const [path, content] of this.host.state.files) {
      if (this.synced.get(path) === content) continue;
      await this.fs!.mkdir(posix.dirname(path), { recursive: true });
      await this.fs!.writeFile(path, content);
      this.synced.set(path, content);
    }
  }
}

/** exec, with a failure of the interpreter itself (a file system error it does not expect) as a result. */
async function safeExec(bash: Bash, script: string, opts: ExecOptions): Promise<BashExecResult> {
  try {
    return await bash.exec(script, opts);
  } catch (err) {
    return { stdout: '', stderr: `bash: ${(err as Error).message}\n`, exitCode: 1, env: { ...opts.env } };
  }
}

async function exists(fs: IFileSystem, path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** Single-quotes a word for the shell. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
