// The executor of Linux and macOS virtual nodes: the fleet file's rules answer first (a rule whose regex
// matches the script plays its answer, as on every virtual node), then the script runs in the node's
// simulated shell (just-bash over the node's file system), as SSM Agent runs it: written to
// <agent data>/<instance>/document/orchestration/<command>/<step>/_script.sh and run by sh, as root,
// in /usr/bin unless the document names a working directory, with the document's timeout on the emulator clock.
import { posix } from 'node:path';
import type { NodeShell } from '../shell/node-shell.js';
import { agentEnv } from '../shell/env.js';
import { packageVersion } from '../node-state.js';
import { ruleFor } from '../rules.js';
import { ruleAnswer, type ScriptedExecutor } from './scripted.js';
import type { Executor, ScriptOutcome, ScriptRun } from './types.js';

/** How long an aborted run may take to stop at its next statement (real milliseconds). */
const ABORT_GRACE_MS = 200;

/** The agent's working directory (amazon-ssm-agent.service WorkingDirectory), where scripts start. */
export const DEFAULT_SCRIPT_DIR = '/usr/bin';

export class SimulatedExecutor implements Executor {
  constructor(
    private readonly shell: () => NodeShell,
    /** Plays rules, and answers PowerShell where the node has pwsh (canned answers, then the default). */
    private readonly scripted: ScriptedExecutor,
    private readonly timeoutExitCode: number,
  ) {}

  async run(run: ScriptRun, signal: AbortSignal): Promise<ScriptOutcome> {
    const shell = this.shell();
    const { profile, state, traits, node } = shell.host;
    const rule = ruleFor(profile, run.script);
    if (rule) return this.scripted.play(ruleAnswer(rule, run.attempt), run, signal);
    if (run.shell === 'powershell') {
      // amazon-ssm-agent runs /usr/bin/pwsh (/usr/local/bin/pwsh on macOS); without it the start fails.
      if (['powershell', 'pwsh'].some((p) => packageVersion(profile, state, p) !== undefined))
        return this.scripted.run(run, signal);
      const pwsh = node.platformType === 'MacOS' ? '/usr/local/bin/pwsh' : '/usr/bin/pwsh';
      return { ...empty(1), launchError: `fork/exec ${pwsh}: no such file or directory` };
    }
    const commandDir = posix.join(
      traits.agentData,
      node.instanceId,
      'document/orchestration',
      run.commandId ?? 'local',
    );
    const step = (run.stepName ?? 'aws:runShellScript').replace(/:/g, '');
    // Schema 1.2 documents (AWS-RunShellScript) name the step after the plugin and add a "0.<plugin>" folder.
    const stepDir = run.stepName?.includes(':') ? posix.join(step, `0.${step}`) : step;
    const user = shell.userNamed(profile.facts.username ?? 'root') ?? shell.userNamed('root')!;
    const wd = run.workingDirectory;
    const cwd = !wd
      ? DEFAULT_SCRIPT_DIR
      : posix.isAbsolute(wd)
        ? wd
        : posix.join(commandDir, 'downloads', wd);

    const ac = new AbortController();
    const cancel = () => ac.abort();
    signal.addEventListener('abort', cancel, { once: true });
    let timedOut = false;
    void shell.host.sleeper.sleep(run.timeoutSeconds * 1000, ac.signal).then((due) => {
      if (due) {
        timedOut = true;
        ac.abort();
      }
    });
    // An aborted run stops at its next statement (just-bash then drops its output: a timed-out or
    // cancelled script reports none); one that does not is left behind after a grace of real time.
    const stopped = new Promise<undefined>((resolve) =>
      ac.signal.addEventListener(
        'abort',
        () => setTimeout(() => resolve(undefined), ABORT_GRACE_MS).unref(),
        { once: true },
      ),
    );
    try {
      const out = await Promise.race([
        shell.runScript({
          script: run.script,
          scriptPath: posix.join(commandDir, stepDir, '_script.sh'),
          cwd,
          fallbackCwd: wd && !posix.isAbsolute(wd) ? DEFAULT_SCRIPT_DIR : undefined,
          env: {
            ...agentEnv(shell.host),
            // The agent's scripts have no HOME (a system service's environment); just-bash's sh would set
            // it to / when absent, so it is set empty: "$HOME" expands to nothing, as on AWS.
            HOME: '',
            ...run.env,
            AWS_SSM_REGION_NAME: node.region,
            AWS_SSM_PLATFORM_NAME: node.platformName,
            AWS_SSM_PLATFORM_VERSION: node.platformVersion,
          },
          user,
          signal: ac.signal,
        }),
        stopped,
      ]);
      if (timedOut || signal.aborted)
        return { ...empty(this.timeoutExitCode), timedOut, cancelled: !timedOut };
      if (!out) return empty(this.timeoutExitCode);
      if ('launchError' in out) return { ...empty(1), launchError: out.launchError };
      return { ...out, timedOut: false, cancelled: false };
    } finally {
      signal.removeEventListener('abort', cancel);
      ac.abort(); // ends the timeout's wait on the clock
    }
  }
}

function empty(exitCode: number): ScriptOutcome {
  return { stdout: '', stderr: '', exitCode, timedOut: false, cancelled: false };
}
