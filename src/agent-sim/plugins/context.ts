// What a plugin runner gets: the node, its executor and clock, and the state a command can change on it.
import type { PatchJob } from '../../agent-contract/patching.js';
import type { AgentToEngine, PluginStep } from '../../agent-contract/protocol.js';
import type { Sleeper } from '../clock-sleep.js';
import type { Executor } from '../executors/types.js';
import type { NodeIdentity, NodeProfile } from '../../agent-contract/node-model.js';
import type { NodeState } from '../node-state.js';

export interface PluginContext {
  node: NodeIdentity & { agentVersion: string };
  profile: NodeProfile;
  executor: Executor;
  sleeper: Sleeper;
  signal: AbortSignal;
  commandId: string;
  /** Chance a plugin fails whatever it runs (fault injection), and the dice. */
  failureProbability: number;
  random: () => number;
  /** Documents aws:runDocument may run, parsed to steps by the caller. */
  documents: Record<string, PluginStep[]>;
  /** Nesting of aws:runDocument (0 = the command's own document). */
  depth: number;
  /** Node state a command changes: files (aws:downloadContent), packages and services (plugins, the shell, patching). */
  state: NodeState;
  /** The baseline snapshot the engine sent with a patching document (aws:runPatchBaseline). */
  patch?: PatchJob;
  /** Patches whose installation fails on this node (fault failPatches). */
  failPatches: readonly string[];
  /** Real host files may be read (shell executor with --allow-host-exec, or the standalone agent). */
  hostFiles: boolean;
  /** Asks the agent to reboot the node (exit 194 / 3010); resolves once it is back. */
  reboot(): Promise<void>;
  emit(message: AgentToEngine): void;
}

/** The agent reruns a script after a reboot it requested; a runaway script cannot loop forever here. */
export const MAX_REBOOTS_PER_STEP = 10;

/** aws:runShellScript / aws:runPowerShellScript default executionTimeout, seconds (AWS document schema: 3600). */
export const DEFAULT_EXECUTION_TIMEOUT_SECONDS = 3600;
/** Largest executionTimeout AWS accepts, seconds (172800 = 48 hours). */
export const MAX_EXECUTION_TIMEOUT_SECONDS = 172_800;
export { LATEST_AGENT_VERSION } from '../../agent-contract/agent-versions.js';
/** How long a simulated reboot keeps the node down, seconds on the emulator clock. */
export const REBOOT_SECONDS = 60;
/** aws:runDocument may nest documents this deep (AWS: a document can call others up to three levels). */
export const MAX_RUN_DOCUMENT_DEPTH = 3;

/** Exit codes that ask SSM Agent to reboot and rerun the script (AWS "Handling reboots when running commands"). */
export function rebootExitCode(platformType: string): number {
  return platformType === 'Windows' ? 3010 : 194;
}

/** Exit code of a plugin stopped by its timeout (amazon-ssm-agent CommandStoppedPreemptivelyExitCode). */
export function timeoutExitCode(platformType: string): number {
  return platformType === 'Windows' ? -1 : 137;
}
