// SQL whose text depends on a query's shape (which filters it has, how many values each takes): statements
// prepared once per shape, and the `?` lists they are built with.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './database.js';

/** Distinct shapes kept before the cache starts over (filters combine into few shapes in practice). */
const MAX_SHAPES = 500;

export class StatementCache {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: Db) {}

  get(sql: string): BetterSqlite3.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > MAX_SHAPES) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** `?, ?, ?` for n values. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
