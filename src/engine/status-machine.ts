// Status machines as AWS documents them (DESIGN.md section 7.4): each status lists the statuses it may move
// to, and a move the table does not allow is refused (a bug in the emulator, never the caller's mistake).

/** From each status, the statuses it may move to; a final status moves nowhere. */
export type Transitions<S extends string> = { readonly [K in S]: readonly S[] };

export class IllegalTransitionError extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine}: ${from} -> ${to} is not an allowed status change`);
    this.name = 'IllegalTransitionError';
  }
}

/** True when `from` may become `to` (staying put is always allowed). */
export function canMove<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return from === to || table[from].includes(to);
}

/** Returns `to` when the table allows the move; throws IllegalTransitionError otherwise. */
export function checkMove<S extends string>(machine: string, table: Transitions<S>, from: S, to: S): S {
  if (!canMove(table, from, to)) throw new IllegalTransitionError(machine, from, to);
  return to;
}

/** The statuses that move nowhere. */
export function finalStatuses<S extends string>(table: Transitions<S>): ReadonlySet<S> {
  return new Set((Object.keys(table) as S[]).filter((s) => table[s].length === 0));
}
