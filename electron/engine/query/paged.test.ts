import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { PageRequest, type Page, type PageRequest as Req } from '../../../shared/api/paged.ts';
import { buildPage, runPage, type PagedSource } from './paged.ts';

function db(): Database.Database {
  const d = new Database(':memory:');
  d.exec('CREATE TABLE pay (id INTEGER PRIMARY KEY, email TEXT, status TEXT NOT NULL, amount INTEGER)');
  const ins = d.prepare('INSERT INTO pay VALUES (?, ?, ?, ?)');
  const statuses = ['PAID', 'SETTLED', 'EXPIRED', 'PENDING'];
  d.transaction(() => {
    for (let i = 1; i <= 2_000; i++) {
      // Many ties and some NULLs in every sortable column.
      ins.run(i, i % 7 === 0 ? null : `user${i % 300}@x.com`, statuses[i % 4], i % 11 === 0 ? null : (i % 50) * 100);
    }
  })();
  return d;
}

const source: PagedSource = {
  from: 'pay',
  id: { sql: 'pay.id', type: 'integer' },
  columns: {
    email: { sql: 'pay.email', type: 'text', search: true, facet: true },
    status: { sql: 'pay.status', type: 'text', facet: true },
    amount: { sql: 'pay.amount', type: 'integer', sum: true },
  },
};

const parse = (r: Req) => PageRequest.parse(r);
const toRow = (r: Record<string, unknown>) => r as { id: number; email: string | null; status: string; amount: number | null };

function allPages(d: Database.Database, req: Req) {
  const ids: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<ReturnType<typeof toRow>> = runPage(d, source, parse({ ...req, cursor, limit: 37, withTotals: false }), toRow);
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.next;
    pages++;
  } while (cursor && pages < 1_000);
  return ids;
}

test('keyset pages visit every matching row exactly once, in order, with ties and NULLs, in mixed directions', () => {
  const d = db();
  const req: Req = { filters: [{ column: 'status', op: 'neq', value: 'PENDING' }], sort: [{ column: 'email', dir: 'desc' }, { column: 'amount', dir: 'asc' }] };
  const ids = allPages(d, req);
  const expected = (
    d.prepare("SELECT id FROM pay WHERE status <> 'PENDING' ORDER BY coalesce(email, '') DESC, coalesce(amount, -9.0e18) ASC, id ASC").pluck().all() as number[]
  );
  assert.equal(ids.length, 1_500);
  assert.deepEqual(ids, expected);
});

test('a page carries its total, sums and facets over the filtered rows; a facet ignores its own filter', () => {
  const d = db();
  const page = runPage(d, source, parse({ filters: [{ column: 'status', op: 'in', values: ['PAID', 'SETTLED'] }], facets: ['status'], limit: 5 }), toRow);
  assert.equal(page.rows.length, 5);
  assert.equal(page.total, 1_000);
  assert.equal(page.sums.amount, d.prepare("SELECT sum(amount) FROM pay WHERE status IN ('PAID', 'SETTLED')").pluck().get());
  // The status facet counts all four statuses: its own filter is left out, so the grid can offer the others.
  assert.deepEqual(
    page.facets.status!.map((f) => f.value).sort(),
    ['EXPIRED', 'PAID', 'PENDING', 'SETTLED'],
  );
  const blanks = runPage(d, source, parse({ filters: [{ column: 'email', op: 'blank' }] }), toRow);
  assert.equal(blanks.total, d.prepare('SELECT count(*) FROM pay WHERE email IS NULL').pluck().get());
});

test('search, contains and ranges filter in SQL; an offset jumps without a cursor', () => {
  const d = db();
  const found = runPage(d, source, parse({ search: 'USER29@', filters: [{ column: 'amount', op: 'gte', value: 1000 }] }), toRow);
  assert.ok(found.rows.length > 0);
  assert.ok(found.rows.every((r) => r.email?.startsWith('user29@') && r.amount! >= 1000));
  const jumped = runPage(d, source, parse({ offset: 1_990, limit: 100 }), toRow);
  assert.deepEqual(
    jumped.rows.map((r) => r.id),
    Array.from({ length: 10 }, (_, i) => 1_991 + i),
  );
  assert.equal(jumped.next, null);
});

test('an offset after a cursor skips that many rows past it: the same rows as paging on from the cursor', () => {
  const d = db();
  const req = parse({ filters: [{ column: 'status', op: 'neq', value: 'PENDING' }], sort: [{ column: 'email', dir: 'asc' }], limit: 50, withTotals: false });
  const first = runPage(d, source, req, toRow);
  const second = runPage(d, source, { ...req, cursor: first.next }, toRow);
  const third = runPage(d, source, { ...req, cursor: second.next }, toRow);
  const skipped = runPage(d, source, { ...req, cursor: first.next, offset: 50 }, toRow);
  assert.deepEqual(skipped.rows, third.rows);
  assert.equal(skipped.next, third.next);
});

test('column names come from the declaration, never from the request, and values are bound', () => {
  const d = db();
  assert.throws(() => runPage(d, source, parse({ sort: [{ column: 'id; DROP TABLE pay', dir: 'asc' }] }), toRow), { code: 'BAD_INPUT' });
  assert.throws(() => runPage(d, source, parse({ facets: ['amount'] }), toRow), /has no facet/);
  const hostile = "x' OR 1=1 --";
  const q = buildPage(source, parse({ filters: [{ column: 'email', op: 'eq', value: hostile }] }));
  assert.ok(!q.rows.sql.includes(hostile));
  assert.equal(runPage(d, source, parse({ filters: [{ column: 'email', op: 'eq', value: hostile }] }), toRow).total, 0);
  assert.throws(() => runPage(d, source, parse({ cursor: 'not-a-cursor' }), toRow), /cursor/);
  assert.equal(d.prepare('SELECT count(*) FROM pay').pluck().get(), 2_000);
});

test('a narrowed source picks the page ids first and gives the same pages', () => {
  const d = db();
  d.exec('CREATE INDEX pay_status ON pay (status, amount, email)');
  const narrowed: PagedSource = { ...source, narrow: true };
  const req = parse({ filters: [{ column: 'status', op: 'in', values: ['PAID', 'EXPIRED'] }], sort: [{ column: 'amount', dir: 'desc' }], limit: 25 });
  assert.match(buildPage(narrowed, req).rows.sql, /IN \(SELECT pay\.id FROM pay/);
  let a = runPage(d, source, req, toRow);
  let b = runPage(d, narrowed, req, toRow);
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(b.rows, a.rows);
    assert.equal(b.next, a.next);
    a = runPage(d, source, { ...req, cursor: a.next }, toRow);
    b = runPage(d, narrowed, { ...req, cursor: b.next }, toRow);
  }
});

test('blank and duplicates facets count over the other filters; duplicate/unique filters pick the rows whose value repeats or not', () => {
  const d = db();
  // One address used once only.
  d.prepare("INSERT INTO pay VALUES (5000, 'only@x.com', 'PAID', 100)").run();
  const page = runPage(d, source, parse({ filters: [{ column: 'status', op: 'eq', value: 'PAID' }], facets: ['blank:email', 'dup:email'], limit: 1 }), toRow);
  const count = (sql: string) => d.prepare(sql).pluck().get() as number;
  const facet = (name: string) => Object.fromEntries(page.facets[name]!.map((f) => [f.value, f.count]));
  assert.deepEqual(facet('blank:email'), {
    blank: count("SELECT count(*) FROM pay WHERE status = 'PAID' AND email IS NULL"),
    notblank: count("SELECT count(*) FROM pay WHERE status = 'PAID' AND email IS NOT NULL"),
  });
  const dupSql = 'email IN (SELECT email FROM pay GROUP BY 1 HAVING count(*) > 1)';
  assert.deepEqual(facet('dup:email'), {
    duplicate: count(`SELECT count(*) FROM pay WHERE status = 'PAID' AND ${dupSql}`),
    unique: count(`SELECT count(*) FROM pay WHERE status = 'PAID' AND NOT coalesce(${dupSql}, 0)`),
  });
  const unique = runPage(d, source, parse({ filters: [{ column: 'email', op: 'unique' }, { column: 'email', op: 'notblank' }] }), toRow);
  assert.deepEqual(unique.rows.map((r) => r.email), ['only@x.com']);
  const dups = runPage(d, source, parse({ filters: [{ column: 'email', op: 'duplicate' }], limit: 1 }), toRow);
  assert.equal(dups.total, count(`SELECT count(*) FROM pay WHERE ${dupSql}`));
});

test('an ordered source pages from its indexes the same rows in the same order, its scope fixed or open', () => {
  const d = db();
  d.exec("CREATE INDEX pay_by_email ON pay (status, coalesce(email, ''), id); CREATE INDEX pay_by_id ON pay (status, id)");
  const ordered: PagedSource = { ...source, ordered: { scope: 'status', indexes: { '': 'pay_by_id', email: 'pay_by_email' } } };
  for (const filters of [[{ column: 'status', op: 'eq' as const, value: 'PAID' }], [], [{ column: 'amount', op: 'gte' as const, value: 1000 }]]) {
    for (const dir of ['asc', 'desc'] as const) {
      const req = parse({ filters, sort: [{ column: 'email', dir }], limit: 37 });
      const seen: number[][] = [];
      for (const s of [source, ordered]) {
        const ids: number[] = [];
        let cursor: string | null = null;
        do {
          const page: Page<ReturnType<typeof toRow>> = runPage(d, s, { ...req, cursor }, toRow);
          ids.push(...page.rows.map((r) => r.id));
          cursor = page.next;
        } while (cursor);
        seen.push(ids);
      }
      assert.deepEqual(seen[1], seen[0], `${JSON.stringify(filters)} ${dir}`);
    }
  }
  // The scope fixed: the named index; left open: each scope value in turn, unless another filter could seek.
  assert.match(buildPage(ordered, parse({ filters: [{ column: 'status', op: 'eq', value: 'PAID' }], sort: [{ column: 'email', dir: 'asc' }] })).rows.sql, /INDEXED BY "pay_by_email"/);
  assert.match(buildPage(ordered, parse({ sort: [{ column: 'email', dir: 'asc' }] }), undefined, ['PAID', 'SETTLED']).rows.sql, /INDEXED BY "pay_by_email" WHERE pay\.status IN \(\?, \?\)/);
  assert.doesNotMatch(buildPage(ordered, parse({ filters: [{ column: 'amount', op: 'gte', value: 1000 }], sort: [{ column: 'email', dir: 'asc' }] }), undefined, ['PAID']).rows.sql, /INDEXED BY/);
});

test("an open scope's values are read once while the data holds, and again after any write or schema change", () => {
  const d = db();
  d.exec("CREATE INDEX pay_by_email ON pay (status, coalesce(email, ''), id)");
  const ordered: PagedSource = { ...source, ordered: { scope: 'status', indexes: { email: 'pay_by_email' } } };
  // Counts the statements that read the scope's values (the connection is the real one).
  let distinct = 0;
  const prepare = d.prepare.bind(d);
  d.prepare = ((sql: string) => {
    if (sql.startsWith('SELECT DISTINCT')) distinct++;
    return prepare(sql);
  }) as typeof d.prepare;
  const req = parse({ filters: [{ column: 'email', op: 'contains', value: 'new@' }], sort: [{ column: 'email', dir: 'asc' }], withTotals: false });
  const ids = () => runPage(d, ordered, req, toRow).rows.map((r) => r.id);
  assert.deepEqual(ids(), []);
  assert.deepEqual(ids(), []);
  assert.equal(distinct, 1, 'a second page reads the cached scope');
  // A row of a status the cache has not seen: the next page reads the scope again and shows it.
  prepare("INSERT INTO pay VALUES (9001, 'new@x.com', 'REFUNDED', 5)").run();
  assert.deepEqual(ids(), [9001]);
  assert.equal(distinct, 2);
  // A schema change (a recompute swaps its tables in) drops the cached values too.
  d.exec('CREATE TABLE other (x)');
  ids();
  assert.equal(distinct, 3);
  ids();
  assert.equal(distinct, 3, 'cached again until the next change');
});
