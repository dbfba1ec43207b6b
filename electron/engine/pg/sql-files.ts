// Named SQL files under sql/postgres/: SQL longer than a line lives there, not in strings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlDir } from '../paths.ts';
import { query, type Query } from './query.ts';

const cache = new Map<string, string>();

/** The text of sql/postgres/<name>.sql (name may include a folder: 'introspect/columns'). */
export function loadSql(name: string): string {
  if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/.test(name)) throw new Error(`not an SQL file name: ${name}`);
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(sqlDir(), 'postgres', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** The file as a Query with its parameters, labelled by its name. */
export function fileQuery<R = Record<string, unknown>>(name: string, params: readonly unknown[] = []): Query<R> {
  return query<R>(loadSql(name), params, `${name}.sql`);
}
