// Run Command: the engine, its errors and limits.
export { CommandEngine, type CommandCounters } from './engine.js';
export * from './limits.js';
export { TERMINAL_INVOCATION, isTerminal } from './status.js';
export type { StoredCommand, StoredInvocation, StoredPlugin } from './types.js';
