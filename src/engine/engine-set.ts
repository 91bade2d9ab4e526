// The engines of one emulator as one Lifecycle: started, reset and closed in the order given.
import type { Store } from '../store/index.js';
import type { Lifecycle, ResetScope } from './lifecycle.js';

export class EngineSet implements Lifecycle {
  constructor(private readonly engines: readonly Lifecycle[]) {}

  start(): void {
    for (const e of this.engines) e.start();
  }

  reset(scope: ResetScope): void {
    for (const e of this.engines) e.reset(scope);
  }

  close(): void {
    for (const e of this.engines) e.close();
  }
}

/**
 * The store's part in the loop: a reset deletes the scope's rows and drops the repositories' caches (the
 * service settings cache among them). It closes last of all, after the server, so it is not closed here.
 */
export function storeState(store: Store): Lifecycle {
  return { start: () => undefined, reset: (scope) => store.reset(scope), close: () => undefined };
}
