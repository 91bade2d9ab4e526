// Run Command after a restart (kill -9 or SIGTERM alike): commands a previous run left unfinished are taken up
// again as AWS's service and agent would. The service still owns them: Pending and Delayed invocations are
// delivered, and the delivery timeout (TimeoutSeconds) and ExpiresAfter keep their moments. An invocation that
// was running on a virtual node was running in an agent that restarted with the emulator; the agent resumes a
// document it was running (amazon-ssm-agent processor.go processInProgressDocuments), up to its retry limit,
// so it is delivered again. One on a standalone agent stays InProgress until that agent reports or it expires.
import type { Store } from '../../store/index.js';
import type { SendCommandRequest } from '../../model/generated/types.js';
import type { Logger } from '../logger.js';
import { COMMAND_RETRY_LIMIT } from './limits.js';
import type { PreparedCommand } from './prepare.js';
import { newRun, type CommandFleet, type CommandRun, type Scope } from './run.js';
import { isTerminal } from './status.js';
import type { StoredCommand, StoredInvocation } from './types.js';

export interface RecoveryDeps {
  store: Store;
  fleet: Pick<CommandFleet, 'node'>;
  log: Logger;
  /** The engine's own preparation, as SendCommand does it (document steps, the patching plugin's). */
  prepare(scope: Scope, input: SendCommandRequest): PreparedCommand;
}

/**
 * The runs of every unfinished command, rebuilt from the store, with their invocations queued as the restarted
 * service and agents would take them. The caller keeps them active, then resumes their dispatch.
 */
export function recoverRuns(deps: RecoveryDeps): CommandRun[] {
  const runs: CommandRun[] = [];
  for (const cmd of deps.store.commands.unfinishedCommands()) {
    const invs = deps.store.commands.invocationsOf(cmd.account, cmd.region, cmd.commandId);
    const run = rebuild(deps, cmd, invs);
    if (run) runs.push(run);
  }
  return runs;
}

function rebuild(deps: RecoveryDeps, cmd: StoredCommand, invs: StoredInvocation[]): CommandRun | undefined {
  const scope = { account: cmd.account, region: cmd.region };
  let prepared;
  try {
    // The steps are prepared again from the document and the parameters the command was sent with: the
    // prepared steps are not stored, since {{ssm-secure:}} values in them would land in the database in clear.
    prepared = deps.prepare(scope, {
      DocumentName: cmd.documentName,
      DocumentVersion: cmd.documentVersion || undefined,
      Parameters: cmd.parameters,
      InstanceIds: cmd.instanceIds.length ? cmd.instanceIds : undefined,
      Targets: cmd.targets.length ? cmd.targets : undefined,
    });
  } catch (err) {
    // The document (or a parameter it resolves) is gone: nothing can be delivered again; the timeouts end it.
    deps.log.warn({ err, commandId: cmd.commandId }, 'a recovered command can no longer be prepared');
    prepared = undefined;
  }
  const run = newRun(cmd, prepared ?? emptyPrepared(cmd));
  run.errors = cmd.errorCount;
  const resumed: string[] = [];
  const queued: string[] = [];
  for (const inv of invs) {
    run.invs.set(inv.instanceId, inv);
    if (isTerminal(inv.status)) continue;
    if (inv.status === 'InProgress') {
      run.inProgress++;
      run.running.add(inv.instanceId); // it holds its MaxConcurrency slot whatever happens next
      if (prepared && agentRestarted(deps, cmd, inv)) resumed.push(inv.instanceId);
    } else if (prepared) queued.push(inv.instanceId);
  }
  // Every invocation ended Cancelled: the command was cancelled before its own status was written.
  run.cancelled = invs.length > 0 && invs.every((i) => i.status === 'Cancelled');
  // Resumed invocations are sent first: they were running, so they are within MaxConcurrency already.
  for (const id of resumed) {
    run.running.delete(id);
    const inv = run.invs.get(id)!;
    inv.agentRunCount = (inv.agentRunCount ?? 1) + 1;
  }
  run.queue = [...resumed, ...queued];
  return run;
}

/** True when the node's agent restarted with the emulator and will resume the invocation (retry limit aside). */
function agentRestarted(deps: RecoveryDeps, cmd: StoredCommand, inv: StoredInvocation): boolean {
  const node = deps.fleet.node({ account: cmd.account, region: cmd.region, instanceId: inv.instanceId });
  // A standalone agent is another process: it did not restart, and reports (or not) on its own.
  if (!node || node.agentKind !== 'virtual') return false;
  // Past the limit the agent gives the document up without a word: ExpiresAfter ends it on the service side.
  return (inv.agentRunCount ?? 1) < COMMAND_RETRY_LIMIT;
}

/** A command that cannot be prepared again delivers nothing: its invocations wait for the timeouts. */
function emptyPrepared(cmd: StoredCommand): CommandRun['prepared'] {
  return {
    documentName: cmd.documentName,
    platformTypes: [],
    values: {},
    steps: [],
    documents: {},
    outputDirs: [],
    executionTimeoutSeconds: 0,
    instanceIds: cmd.instanceIds,
    targets: cmd.targets,
  };
}
