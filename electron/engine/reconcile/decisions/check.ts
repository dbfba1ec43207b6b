// A decision before it is recorded: its target must exist (else "unknown item"), what the reviewer
// saw must still hold (else "stale decision"), and its `before` — what it replaces — is read from
// the workspace, so the log says what each decision changed and a replay can tell when the data
// moved under it.
import type Database from 'better-sqlite3';
import { CutoverError, errors } from '../../../../shared/api/errors.ts';
import type { Catalog, DecisionInput, EditableField } from '../../../../shared/api/reconcile.ts';
import { applyCatalogChange, catalogProblem, type CatalogChange } from '../catalog.ts';

export interface CheckedDecision {
  input: DecisionInput;
  before: unknown;
}

const unknown = (what: string) => errors.notFound(what);

/** The value a record's field has in the source (before any decision): an edit's basis. */
export function sourceValue(db: Database.Database, rid: string, field: EditableField): string | null {
  if (rid.startsWith('c:')) {
    const column = { email: 'email', first_name: 'first_name', last_name: 'surname', phone: 'phone' }[field];
    const row = db.prepare(`SELECT ${column} AS v FROM raw_systeme_contacts WHERE id = ? AND deleted_at IS NULL`).get(Number(rid.slice(2))) as { v: string | null } | undefined;
    if (!row) throw unknown(`contact ${rid.slice(2)} in the cache (it may have been deleted at the source)`);
    return row.v;
  }
  const path = { email: null, first_name: '$.customer.given_names', last_name: '$.customer.surname', phone: '$.customer.mobile_number' }[field];
  const row = db.prepare(`SELECT ${path ? 'json_extract(raw, ?)' : 'payer_email'} AS v FROM raw_xendit_invoices WHERE id = ?`).get(...(path ? [path] : []), rid.slice(2)) as { v: string | null } | undefined;
  if (!row) throw unknown(`invoice ${rid.slice(2)} in the cache`);
  return row.v;
}

function recordRow(db: Database.Database, rid: string) {
  const row = db.prepare('SELECT rid, kind, person_id, email, first_name, last_name, phone, test_rule, test_override, excluded FROM recon_records WHERE rid = ?').get(rid) as
    | { rid: string; kind: string; person_id: string; email: string | null; first_name: string | null; last_name: string | null; phone: string | null; test_rule: string | null; test_override: number | null; excluded: number }
    | undefined;
  if (!row) throw unknown(`record ${rid} (no such contact or invoice in the cache)`);
  return row;
}

function personOfKey(db: Database.Database, key: string): string {
  const p = db.prepare('SELECT person_id FROM recon_records WHERE key = ? LIMIT 1').pluck().get(key) as string | undefined;
  if (!p) throw unknown(`person ${JSON.stringify(key)} (no record has that key)`);
  return p;
}

/** Refuses a decision made on a view of the data that no longer holds. */
function expectMatches(input: DecisionInput, now: unknown): void {
  if (input.expect === undefined) return;
  if (JSON.stringify(input.expect) !== JSON.stringify(now ?? null)) {
    throw new CutoverError('CONFLICT', `Stale decision: ${describe(input)} is now ${JSON.stringify(now ?? null)}, not ${JSON.stringify(input.expect)} as you saw it. Reload and decide again.`);
  }
}

function describe(d: DecisionInput): string {
  switch (d.kind) {
    case 'merge':
    case 'decline':
      return `the pair ${d.a} / ${d.b}`;
    case 'resolve':
      return `finding ${d.finding}`;
    case 'catalog-product':
      return `product ${d.product}`;
    case 'catalog-status':
      return `status ${d.status}`;
    case 'catalog-test-rules':
      return 'the test rules';
    case 'edit-field':
      return `the ${d.field} of ${d.record}`;
    default:
      return `record ${d.record}`;
  }
}

export function checkDecision(db: Database.Database, catalog: Catalog, input: DecisionInput): CheckedDecision {
  switch (input.kind) {
    case 'merge':
    case 'decline': {
      const a = personOfKey(db, input.a);
      const b = personOfKey(db, input.b);
      if (a === b && input.kind === 'merge') throw errors.conflict(`${input.a} and ${input.b} are already one person.`);
      if (a === b) throw errors.conflict(`${input.a} and ${input.b} are one person: split a record off instead of declining.`);
      return { input, before: { a, b } };
    }
    case 'split': {
      const r = recordRow(db, input.record);
      const others = db.prepare('SELECT count(*) FROM recon_records WHERE person_id = ?').pluck().get(r.person_id) as number;
      if (others < 2) throw errors.conflict(`${input.record} is the only record of its person: there is nothing to split it from.`);
      expectMatches(input, r.person_id);
      return { input, before: r.person_id };
    }
    case 'edit-field': {
      const r = recordRow(db, input.record);
      expectMatches(input, r[input.field]);
      return { input, before: sourceValue(db, input.record, input.field) };
    }
    case 'mark-test': {
      const r = recordRow(db, input.record);
      const now = r.kind === 'invoice'
        ? (db.prepare('SELECT is_test FROM recon_payments WHERE rid = ?').pluck().get(input.record) as number) === 1
        : (r.test_override ?? (r.test_rule ? 1 : 0)) === 1;
      expectMatches(input, now);
      return { input, before: now };
    }
    case 'exclude': {
      const r = recordRow(db, input.record);
      expectMatches(input, r.excluded === 1);
      return { input, before: r.excluded === 1 };
    }
    case 'set-product': {
      if (!input.record.startsWith('i:')) throw errors.badInput(`Only invoices have a product; ${input.record} is a contact.`);
      recordRow(db, input.record);
      if (!catalog.products.some((p) => p.key === input.value)) throw errors.badInput(`Unknown product "${input.value}": the catalog has ${catalog.products.map((p) => p.key).join(', ')}.`);
      const now = db.prepare('SELECT product FROM recon_payments WHERE rid = ?').pluck().get(input.record) as string;
      expectMatches(input, now);
      return { input, before: now };
    }
    case 'resolve': {
      const f = db.prepare('SELECT id, queue, status, fingerprint, records, detail FROM recon_findings WHERE id = ?').get(input.finding) as
        | { id: string; queue: string; status: string; fingerprint: string; records: string; detail: string }
        | undefined;
      if (!f) throw unknown(`finding ${input.finding} (it may have been resolved by another decision or a re-pull)`);
      expectMatches(input, f.status);
      if (f.queue === 'invalid-email' && input.value === 'approve') {
        // Approving the proposed fix is the edit itself, recorded as such.
        const fix = (JSON.parse(f.detail) as { suggestedFix?: string | null }).suggestedFix;
        if (!fix) throw errors.badInput(`There is no proposed fix for ${input.finding}: edit the e-mail instead.`);
        const record = (JSON.parse(f.records) as string[])[0]!;
        const edit: DecisionInput = { kind: 'edit-field', record, field: 'email', value: fix, ...(input.reason ? { reason: input.reason } : {}) };
        return checkDecision(db, catalog, edit);
      }
      return { input, before: { status: f.status, fingerprint: f.fingerprint } };
    }
    case 'catalog-product': {
      const now = catalog.products.find((p) => p.key === input.product) ?? null;
      if (input.value === null && !now) throw unknown(`product ${input.product} in the catalog`);
      if (input.value && input.value.key !== input.product) throw errors.badInput(`The product's key (${input.value.key}) must be ${input.product}.`);
      checkCatalog(catalog, { kind: 'catalog-product', product: input.product, value: input.value });
      expectMatches(input, now);
      return { input, before: now };
    }
    case 'catalog-status': {
      const now = catalog.statuses[input.status] ?? null;
      expectMatches(input, now);
      return { input, before: now };
    }
    case 'catalog-test-rules': {
      expectMatches(input, catalog.testRules);
      return { input, before: catalog.testRules };
    }
  }
}

function checkCatalog(catalog: Catalog, change: CatalogChange): void {
  const problem = catalogProblem(applyCatalogChange(catalog, change));
  if (problem) throw errors.badInput(`That catalog edit would leave a catalog that cannot be used: ${problem}.`);
}
