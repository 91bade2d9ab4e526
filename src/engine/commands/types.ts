// The stored forms of a command, its invocations and plugins live with their repository; statuses live in status.ts.
export type {
  StoredCommand,
  StoredInvocation,
  StoredPlugin,
  TargetSpec,
} from '../../store/repositories/commands.js';
