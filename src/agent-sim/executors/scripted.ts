// The default executor of virtual nodes: deterministic answers from the fleet file's rules, then from node
// facts (built-in answers), then the node's default answer; durations pass on the emulator clock.
import type { NodeProfile, ScriptRule } from '../../agent-contract/node-model.js';
import { builtinAnswer, type NodeIdentity } from '../builtin-answers.js';
import type { Sleeper } from '../clock-sleep.js';
import type { Executor, ScriptOutcome, ScriptRun } from './types.js';

export class ScriptedExecutor implements Executor {
  private readonly rules: { re: RegExp; rule: ScriptRule }[];

  constructor(
    private readonly node: NodeIdentity,
    private readonly profile: NodeProfile,
    private readonly sleeper: Sleeper,
    /** Exit code of a plugin killed by its timeout (137 on Linux and macOS, -1 on Windows: amazon-ssm-agent appconfig). */
    private readonly timeoutExitCode: number,
  ) {
    this.rules = profile.behaviour.rules.map((rule) => ({ re: new RegExp(rule.match, 'm'), rule }));
  }

  async run(run: ScriptRun, signal: AbortSignal): Promise<ScriptOutcome> {
    const answer = this.answer(run);
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

  answer(run: ScriptRun): { stdout: string; stderr: string; exitCode: number; durationSeconds: number } {
    for (const { re, rule } of this.rules) {
      if (!re.test(run.script)) continue;
      const exitCode =
        run.attempt > 0 && rule.exitCodeAfterReboot !== undefined ? rule.exitCodeAfterReboot : rule.exitCode;
      return { ...rule, exitCode };
    }
    const builtin = builtinAnswer(run.script, run.shell, this.node, this.profile);
    if (builtin !== undefined) return { stdout: builtin, stderr: '', exitCode: 0, durationSeconds: 0 };
    return this.profile.behaviour.default;
  }
}
