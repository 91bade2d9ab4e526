// The one shape of an engine's life (DESIGN.md section 1): the composition root builds each engine with its
// narrow dependencies, then starts, resets and closes them all in one loop.

/** What /_emulator/reset forgets: everything, or one account and/or region. */
export interface ResetScope {
  account?: string;
  region?: string;
}

export interface Lifecycle {
  /** Arms timers and recovers in-flight work left by a previous run. */
  start(): void;
  /** Forgets in-memory state (timers, running work, live connections) of the scope. */
  reset(scope: ResetScope): void;
  /** Shutdown: stops every timer and connection. */
  close(): void;
}

export function inScope(scope: ResetScope, x: { account: string; region: string }): boolean {
  return (!scope.account || x.account === scope.account) && (!scope.region || x.region === scope.region);
}
