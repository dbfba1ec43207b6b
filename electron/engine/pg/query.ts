// SQL is built apart from being run: a Query is a plain {sql, params} value (the CompiledQuery
// idea), so plans can be listed, logged and tested without a database, and one runner executes
// them. Identifiers go in through quoteIdent, values only as parameters.
import type pg from 'pg';
import { CutoverError } from '../../../shared/api/errors.ts';

/** One statement and its parameters. `R` is the row shape it returns (unchecked at run time). */
export interface Query<R = Record<string, unknown>> {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Where the SQL came from (a file name or a step id), for error messages. */
  readonly label?: string;
  /** Phantom: carries the row type only. */
  readonly _row?: R;
}

/** Anything queries can run on: a Client, a PoolClient or a Pool. */
export interface Queryable {
  query: pg.ClientBase['query'];
}

export function query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = [], label?: string): Query<R> {
  return label === undefined ? { sql, params } : { sql, params, label };
}

/** Runs a query; resolves to its rows. */
export async function rows<R>(db: Queryable, q: Query<R>): Promise<R[]> {
  const result = await db.query(q.sql, q.params as unknown[]);
  return result.rows as R[];
}

/** Runs a query that must return exactly one row. */
export async function one<R>(db: Queryable, q: Query<R>): Promise<R> {
  const found = await rows(db, q);
  if (found.length !== 1) {
    throw new CutoverError('INTERNAL', `${q.label ?? 'A query'} returned ${found.length} rows where exactly one was expected.`);
  }
  return found[0] as R;
}

/** Runs a statement; resolves to the number of rows it touched. */
export async function execute(db: Queryable, q: Query<unknown>): Promise<number> {
  const result = await db.query(q.sql, q.params as unknown[]);
  return result.rowCount ?? 0;
}

/** Runs a script of several statements (no parameters) through the simple protocol. */
export async function executeScript(db: Queryable, sql: string): Promise<void> {
  await db.query(sql);
}

/** Runs `fn` inside BEGIN … COMMIT on one client; rolls back when it throws. */
export async function inTransaction<T>(client: Queryable, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
