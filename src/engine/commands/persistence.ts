// Write-behind batching: a running command changes often, so its records are written in one transaction per
// turn of the event loop; the engine's read methods flush first, so no caller sees a stale record.
import type { Store } from '../../store/index.js';
import { inScope, type ResetScope } from '../lifecycle.js';
import { runKey } from './run.js';
import type { StoredCommand, StoredInvocation } from './types.js';

export class CommandWriter {
  private readonly dirtyCommands = new Set<StoredCommand>();
  private readonly dirtyInvocations = new Set<StoredInvocation>();
  private flushScheduled = false;
  /** Commands a reset removed: whatever their abandoned work still changes is not written. */
  private readonly dropped = new Set<string>();

  constructor(
    private readonly store: Store,
    /** True while the engine still runs the command (a reset may drop it, then the same id never returns). */
    private readonly isRunning: (key: string) => boolean,
  ) {}

  /** SendCommand: the command and its first invocations are stored at once, before the answer. */
  insert(cmd: StoredCommand, invs: Iterable<StoredInvocation>): void {
    const { store } = this;
    store.transaction(() => {
      store.commands.putCommand(cmd);
      for (const inv of invs) {
        store.commands.putInvocation(inv);
        this.dirtyInvocations.delete(inv);
      }
    });
  }

  command(cmd: StoredCommand): void {
    this.dirtyCommands.add(cmd);
    this.schedule();
  }

  invocation(inv: StoredInvocation): void {
    this.dirtyInvocations.add(inv);
    this.schedule();
  }

  /** Writes pending changes in one transaction. */
  flush(): void {
    this.flushScheduled = false;
    if (!this.dirtyCommands.size && !this.dirtyInvocations.size) return;
    const { store } = this;
    const cmds = [...this.dirtyCommands];
    const invs = [...this.dirtyInvocations];
    this.dirtyCommands.clear();
    this.dirtyInvocations.clear();
    store.transaction(() => {
      for (const c of cmds) if (this.stillStored(c)) store.commands.putCommand(c);
      for (const i of invs) if (this.stillStored(i)) store.commands.putInvocation(i);
    });
  }

  /** A reset dropped this command: nothing of it is written again. */
  drop(key: string): void {
    this.dropped.add(key);
  }

  /** A reset of the scope: its pending writes are forgotten (the store has forgotten the rows). */
  forget(scope: ResetScope): void {
    for (const c of [...this.dirtyCommands]) if (inScope(scope, c)) this.dirtyCommands.delete(c);
    for (const i of [...this.dirtyInvocations]) if (inScope(scope, i)) this.dirtyInvocations.delete(i);
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private stillStored(x: { account: string; region: string; commandId: string }): boolean {
    const k = runKey(x);
    return this.isRunning(k) || !this.dropped.has(k);
  }
}
