// A randomly keyed raw table's first load. While a full crawl fills the empty table its unique id
// index is left out, and built once, sorted, when the crawl ends: Xendit's transaction ids are
// random, so with the index in place each page's commit rewrote about a hundred index pages.
// Meanwhile the table's ids live here, in memory, so a page seen twice (a resumed page, a
// record that moved between pages, a catch-up re-read) still updates its row in place.
//
// The index being absent IS the state: it survives a crash, and the next writer reloads the ids
// from the table and carries on. One state per database, shared by every writer on it.
import type Database from 'better-sqlite3';
import type { StreamDef } from './streams.ts';

/** The ids of a table whose index is absent: id → seq, and the seq the next new row takes. */
export interface LoadingIds {
  readonly seqOf: Map<string, number>;
  nextSeq: number;
}

const states = new WeakMap<Database.Database, Map<string, LoadingIds | 'indexed'>>();

function tableStates(db: Database.Database): Map<string, LoadingIds | 'indexed'> {
  let s = states.get(db);
  if (!s) states.set(db, (s = new Map()));
  return s;
}

// Identifiers below come from the fixed stream definitions, never from input.
const indexName = (def: StreamDef): string => `${def.table}_id`;

/** The in-memory ids while the table loads without its index; null once the index exists (or for integer-keyed tables). */
export function loadingIds(db: Database.Database, def: StreamDef): LoadingIds | null {
  if (!def.randomIds) return null;
  const s = tableStates(db);
  let state = s.get(def.table);
  if (state === undefined) {
    const indexed = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").get(indexName(def)) !== undefined;
    state = indexed ? 'indexed' : readIds(db, def);
    s.set(def.table, state);
  }
  return state === 'indexed' ? null : state;
}

/** At the start of a full crawl: an empty randomly keyed table is filled without its index. */
export function beginFirstLoad(db: Database.Database, def: StreamDef): void {
  if (!def.randomIds || loadingIds(db, def) !== null) return;
  if (db.prepare(`SELECT 1 FROM "${def.table}" LIMIT 1`).get() !== undefined) return;
  db.exec(`DROP INDEX "${indexName(def)}"`);
  tableStates(db).set(def.table, { seqOf: new Map(), nextSeq: 1 });
}

/** Builds the index (one sorted pass) and forgets the ids. A no-op when it exists. */
export function finishFirstLoad(db: Database.Database, def: StreamDef): void {
  if (loadingIds(db, def) === null) return;
  db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS "${indexName(def)}" ON "${def.table}" (id)`);
  tableStates(db).set(def.table, 'indexed');
}

function readIds(db: Database.Database, def: StreamDef): LoadingIds {
  const seqOf = new Map<string, number>();
  let max = 0;
  for (const row of db.prepare(`SELECT id, seq FROM "${def.table}"`).raw().iterate() as IterableIterator<[string, number]>) {
    seqOf.set(row[0], row[1]);
    if (row[1] > max) max = row[1];
  }
  return { seqOf, nextSeq: max + 1 };
}
