// The executor of Windows nodes (and of PowerShell on Linux nodes with pwsh): deterministic answers from the
// fleet file's rules, then from node facts (canned PowerShell answers), then the node's default answer;
// durations pass on the emulator clock. Linux and macOS nodes run scripts in their simulated shell instead.
import type { NodeIdentity, NodeProfile, ScriptAnswer, ScriptRule } from '../../agent-contract/node-model.js';
import { builtinAnswer } from '../builtin-answers.js';
import type { Sleeper } from '../clock-sleep.js';
import { ruleFor } from '../rules.js';
import type { Executor, ScriptOutcome, ScriptRun } from './types.js';

export class ScriptedExecutor implements Executor {
  constructor(
    private readonly node: NodeIdentity,
    private readonly profile: NodeProfile,
    private readonly sleeper: Sleeper,
    /** Exit code of a plugin killed by its timeout (137 on Linux and macOS, -1 on Windows: amazon-ssm-agent appconfig). */
    private readonly timeoutExitCode: number,
  ) {}

  run(run: ScriptRun, signal: AbortSignal): Promise<ScriptOutcome> {
    return this.play(this.answer(run), run, signal);
  }

  /** Plays an answer: it takes its duration on the emulator clock, cut by the run's timeout or a cancel. */
  async play(answer: ScriptAnswer, run: ScriptRun, signal: AbortSignal): Promise<ScriptOutcome> {
    const limitMs = run.timeoutSeconds * 1000;
    const waitMs = Math.min(answer.durationSeconds * 1000, limitMs);
    const finished = await this.sleeper.sleep(waitMs, signal);
    if (!finished)
      return { stdout: '', stderr: '', exitCode: this.timeoutExitCode, timedOut: false, cancelled: true };
    if (answer.durationSeconds * 1000 > limitMs) {
      return {
        stdout: answer.stdout,
        stderr: '',
        exitCode: this.timeoutExitCode,
        timedOut: true,
        cancelled: false,
      };
    }
    return {
      stdout: answer.stdout,
      stderr: answer.stderr,
      exitCode: answer.exitCode,
      timedOut: false,
      cancelled: false,
    };
  }

  answer(run: ScriptRun): ScriptAnswer {
    const rule = ruleFor(this.profile, run.script);
    if (rule) return ruleAnswer(rule, run.attempt);
    const builtin = builtinAnswer(run.script, this.node, this.profile);
    if (builtin !== undefined) return { stdout: builtin, stderr: '', exitCode: 0, durationSeconds: 0 };
    return this.profile.behaviour.default;
  }
}

/** A rule's answer; the runs after a reboot it asked for may exit differently. */
export function ruleAnswer(rule: ScriptRule, attempt: number): ScriptAnswer {
  const exitCode =
    attempt > 0 && rule.exitCodeAfterReboot !== undefined ? rule.exitCodeAfterReboot : rule.exitCode;
  return { stdout: rule.stdout, stderr: rule.stderr, exitCode, durationSeconds: rule.durationSeconds };
}
