// The stored forms of a command, its invocations and plugins live with their repository; statuses live here.
export type {
  StoredCommand,
  StoredInvocation,
  StoredPlugin,
  TargetSpec,
} from '../../store/repositories/commands.js';

/** Invocation Status values that end an invocation (API enum CommandInvocationStatus). */
export const TERMINAL_INVOCATION = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled']);
