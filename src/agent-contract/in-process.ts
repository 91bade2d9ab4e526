// What the fleet hands an in-process (virtual) agent, and how it asks for one: the agent side of the contract
// that does not go over a wire.
import type { AgentLink, AgentToEngine } from './protocol.js';
import type { NodeProfile } from './node-model.js';

/** An opaque timer of an AgentClock. */
export type AgentTimer = object;

/** The time an agent sees: the emulator's clock for virtual agents (it may be frozen or advanced). */
export interface AgentClock {
  nowMs(): number;
  setTimeout(ms: number, fn: () => unknown): AgentTimer;
  clearTimer(timer: AgentTimer | undefined): void;
  /**
   * Counts real work in flight that takes no emulator time (a node's shell running a script), +1 / -1: a
   * virtual advance waits for it (bounded) before time moves on.
   */
  hold?(delta: number): void;
}

/** The node an agent runs as: its identity and faults (the store's node has these and more). */
export interface VirtualNode {
  instanceId: string;
  region: string;
  /** When the node registered (booted), emulator-clock milliseconds; its OS image is dated from it (imageReleaseMs). */
  registrationMs: number;
  computerName: string;
  ipAddress: string;
  platformType: string;
  platformName: string;
  platformVersion: string;
  agentVersion: string;
  /** As stored: checked when the node was stored, defaults not yet filled in. */
  faults: Record<string, unknown>;
}

/** What the engine hands a virtual agent: its node, its profile, a way to answer, and the clock. */
export interface VirtualAgentContext {
  node: VirtualNode;
  profile: NodeProfile;
  clock: AgentClock;
  emit(message: AgentToEngine): void;
}
export type VirtualAgentFactory = (ctx: VirtualAgentContext) => AgentLink;
