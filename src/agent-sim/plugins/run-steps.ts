// Runs a document's steps on a node: preconditions, onFailure / finallyStep, reboots, failure injection.
import type { PluginResult, PluginStep } from '../../agent-contract/protocol.js';
import { MAX_REBOOTS_PER_STEP, type PluginContext } from './context.js';
import { PLUGIN_RUNNERS, type PluginOutcome } from './runners.js';

export type CommandStatus = 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

export async function runSteps(
  steps: PluginStep[],
  ctx: PluginContext,
  onPluginDone?: (r: PluginResult) => void,
): Promise<{ status: CommandStatus; plugins: PluginResult[] }> {
  const plugins: PluginResult[] = [];
  let stopping: 'exit' | 'successAndExit' | undefined;
  for (const step of steps) {
    if (stopping && !step.finallyStep) continue;
    const r = ctx.signal.aborted ? cancelledResult(step, ctx) : await runStep(step, ctx);
    plugins.push(r);
    onPluginDone?.(r);
    if (r.status === 'Failed' || r.status === 'TimedOut') stopping ??= step.onFailure;
  }
  return { status: overallStatus(plugins, ctx.signal.aborted, stopping), plugins };
}

export async function runStep(step: PluginStep, ctx: PluginContext): Promise<PluginResult> {
  const startMs = ctx.sleeper.nowMs();
  const done = (o: PluginOutcome): PluginResult => ({
    name: step.name,
    plugin: step.plugin,
    status: o.status,
    exitCode: o.exitCode,
    stdout: o.stdout,
    stderr: o.stderr,
    startMs,
    endMs: ctx.sleeper.nowMs(),
  });
  const unmet = unmetPrecondition(step, ctx);
  if (unmet) {
    return done({
      status: 'Skipped',
      exitCode: 0,
      stdout: `Step execution skipped due to unsatisfied preconditions: '${unmet}'. Step name: ${step.name}\n`,
      stderr: '',
    });
  }
  const runner = Object.prototype.hasOwnProperty.call(PLUGIN_RUNNERS, step.plugin)
    ? PLUGIN_RUNNERS[step.plugin]
    : undefined;
  if (!runner) {
    return done({
      status: 'Failed',
      exitCode: 1,
      stdout: '',
      stderr: `Plugin with name ${step.plugin} not found. Step name: ${step.name}\n`,
    });
  }
  if (ctx.failureProbability > 0 && ctx.random() < ctx.failureProbability) {
    return done({
      status: 'Failed',
      exitCode: 1,
      stdout: '',
      stderr: 'simulated failure (fault: failureProbability)\n',
    });
  }
  for (let attempt = 0; ; attempt++) {
    const outcome = await runner(step, ctx, attempt);
    if (!outcome.reboot) return done(outcome);
    if (ctx.depth > 0) {
      // AWS: the reboot script can't be part of an aws:runDocument plugin; SSM Agent returns an error.
      return done({
        ...outcome,
        status: 'Failed',
        stderr: `${outcome.stderr}reboot is not supported inside aws:runDocument\n`,
      });
    }
    if (attempt >= MAX_REBOOTS_PER_STEP) return done({ ...outcome, status: 'Failed' });
    await ctx.reboot();
  }
}

function unmetPrecondition(step: PluginStep, ctx: PluginContext): string | undefined {
  for (const [op, args] of Object.entries(step.precondition ?? {})) {
    if (op !== 'StringEquals' || args.length !== 2) return `"${op}": [${args.join(', ')}]`;
    const [left, right] = args;
    const value = left === 'platformType' ? ctx.node.platformType : left;
    if (value !== right) return `"StringEquals": [${left}, ${right}]`;
  }
  return undefined;
}

function cancelledResult(step: PluginStep, ctx: PluginContext): PluginResult {
  const now = ctx.sleeper.nowMs();
  return {
    name: step.name,
    plugin: step.plugin,
    status: 'Cancelled',
    exitCode: -1,
    stdout: '',
    stderr: '',
    startMs: now,
    endMs: now,
  };
}

function overallStatus(plugins: PluginResult[], cancelled: boolean, stopping?: string): CommandStatus {
  if (cancelled) return 'Cancelled';
  if (stopping === 'successAndExit') return 'Success';
  if (plugins.some((p) => p.status === 'TimedOut')) return 'TimedOut';
  if (plugins.some((p) => p.status === 'Failed' || p.status === 'Cancelled')) return 'Failed';
  return 'Success';
}
