// The review grids' page queries, as SQLite plans them over a reconciled demo workspace: a page
// of a queue in any order it can be sorted in reads that order from an index — never a sort of
// the whole queue (a TEMP B-TREE), never a scan of the table — on the first page and after a
// cursor, ascending and descending. These are what kept the leads queue's pages at 400-500 ms at
// scale 40 before (bench/grid.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type Database from 'better-sqlite3';
import { PageRequest, type PageRequest as Req } from '../../../shared/api/paged.ts';
import { buildPage, orderIndex, runPage, scopeValues, type PagedSource } from '../query/paged.ts';
import { ok, recompute } from '../testing/reconcile.ts';
import { seededWorkspace, type SeededWorkspace } from '../testing/seeded-workspace.ts';
import { withLiveIndexes } from './derived-store.ts';
import { findingsSource, peopleSource } from './queries.ts';

let ws: SeededWorkspace;
before(async () => {
  ws = await seededWorkspace({ scale: 1 });
  await recompute(ws.engine);
});
after(() => ws?.close());

/**
 * The plan's steps that choose the page's rows. A narrowed source (PagedSource.narrow) picks the
 * ids in a subquery and then reads and orders just those rows: that outer sort is of one page.
 */
function plan(db: Database.Database, source: PagedSource, sql: string, params: unknown[]): string[] {
  const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
  if (!source.narrow) return steps.map((s) => s.detail);
  const inner = new Set(steps.filter((s) => s.detail.startsWith('LIST SUBQUERY')).map((s) => s.id));
  for (const s of steps) if (inner.has(s.parent)) inner.add(s.id);
  return steps.filter((s) => inner.has(s.id) && !s.detail.startsWith('LIST SUBQUERY')).map((s) => s.detail);
}

const sortable = (source: PagedSource) => Object.entries(source.columns).filter(([, c]) => c.sortable !== false).map(([name]) => name);

/** The rows SQL of a page and of the page after it, as runPage would run them. */
function pageSql(db: Database.Database, source: PagedSource, input: Req): { sql: string; params: unknown[] }[] {
  const req = PageRequest.parse(input);
  const o = orderIndex(source, req);
  const scope = o && !o.scoped ? scopeValues(db, source) : undefined;
  const first = buildPage(source, req, undefined, scope).rows;
  const page = runPage(db, source, req, (r) => r);
  assert.ok(page.next, `${JSON.stringify(input)} has a second page`);
  return [first, buildPage(source, { ...req, cursor: page.next }, undefined, scope).rows];
}

// The sources as the engine runs them: their indexes under the names the last recompute gave them.
const live = (source: PagedSource) => withLiveIndexes(ws.db, source);

const grids: { name: string; source: PagedSource; table: string; scopes: () => Promise<Req['filters'][]> }[] = [
  {
    name: 'people',
    get source() {
      return live(peopleSource);
    },
    table: 'recon_people',
    scopes: async () => [[{ column: 'status', op: 'eq', value: 'lead' }]],
  },
  {
    name: 'findings',
    get source() {
      return live(findingsSource);
    },
    table: 'f', // its alias in the plan
    // Every queue with more than a page of findings.
    scopes: async () =>
      (await ok(ws.engine, 'reconcile-queues', {}))
        .filter((q) => q.list.procedure === 'reconcile-findings' && q.total > 100)
        .map((q) => [...q.list.filters]),
  },
];

test('every sortable column of a queue grid has an index that gives its order', () => {
  const indexes = new Set(ws.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index'").pluck().all() as string[]);
  for (const { source } of grids) {
    for (const column of sortable(source)) {
      const index = source.ordered!.indexes[column];
      assert.ok(index, `${column} names its index`);
      assert.ok(indexes.has(index), `${index} exists`);
    }
  }
});

test("a queue's pages, in every order, read their order from an index: no sort of the queue, no scan of the table", async () => {
  for (const grid of grids) {
    const scopes = await grid.scopes();
    assert.ok(scopes.length > 0, `${grid.name}: queues to page through`);
    for (const filters of scopes) {
      for (const column of [null, ...sortable(grid.source)]) {
        for (const dir of ['asc', 'desc'] as const) {
          const sort = column ? [{ column, dir }] : [];
          for (const q of pageSql(ws.db, grid.source, { filters, sort, limit: 20 })) {
            const steps = plan(ws.db, grid.source, q.sql, q.params);
            const what = `${grid.name} ${JSON.stringify(filters)} by ${column ?? 'default'} ${dir}:\n  ${steps.join('\n  ')}`;
            assert.ok(!steps.some((s) => s.includes('TEMP B-TREE')), `sorts: ${what}`);
            assert.ok(!steps.some((s) => s.startsWith(`SCAN ${grid.table}`)), `scans the table: ${what}`);
            const index = grid.source.ordered!.indexes[column ?? grid.source.defaultSort?.[0]?.column ?? '']!;
            assert.ok(steps.some((s) => s.startsWith(`SEARCH ${grid.table}`) && s.includes(`INDEX ${index} (`)), `seeks ${index}: ${what}`);
          }
        }
      }
    }
  }
});

test('the grid of all people, sorted, reads each status from the index in turn and pages as a sort would', () => {
  const db = ws.db;
  const people = live(peopleSource);
  for (const column of ['name', 'registeredMonth', 'paidMinor']) {
    for (const dir of ['asc', 'desc'] as const) {
      const input: Req = { sort: [{ column, dir }], limit: 50 };
      for (const q of pageSql(db, people, input)) {
        const steps = plan(db, people, q.sql, q.params);
        assert.ok(!steps.some((s) => s.startsWith('SCAN recon_people')), steps.join('\n'));
        assert.ok(steps.some((s) => s.includes(`INDEX ${people.ordered!.indexes[column]} (status=?`)), steps.join('\n'));
      }
      // Three pages by cursor are the first 150 rows of the whole set in that order.
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 3; i++) {
        const page: { rows: { id: string }[]; next: string | null } = runPage(db, people, PageRequest.parse({ ...input, cursor }), (r) => r as { id: string });
        ids.push(...page.rows.map((r) => r.id));
        cursor = page.next;
      }
      const key = peopleSource.columns[column]!.sql;
      const expected = db.prepare(`SELECT person_id FROM recon_people ORDER BY coalesce(${key}, ${column === 'paidMinor' ? -9e18 : "''"}) ${dir}, person_id ${dir} LIMIT 150`).pluck().all();
      assert.deepEqual(ids, expected, `${column} ${dir}`);
    }
  }
});

test("the leads queue filtered by typed text in the name or e-mail column, in its default order, tests the filter on the order's index alone", () => {
  const people = live(peopleSource);
  for (const column of ['name', 'email']) {
    const filters: Req['filters'] = [
      { column: 'status', op: 'eq', value: 'lead' },
      { column, op: 'contains', value: 'a' },
    ];
    for (const q of pageSql(ws.db, people, { filters, limit: 20 })) {
      const steps = plan(ws.db, people, q.sql, q.params);
      assert.ok(steps.some((s) => s.includes(`COVERING INDEX ${people.ordered!.indexes['']} (status=?`)), `${column}:\n  ${steps.join('\n  ')}`);
    }
  }
});
