// Source records → the derived record and payment rows: each contact and invoice with its keys,
// its product and price check, the test rules it hits, and the record-level decisions in force
// applied (an edit applies only while the source still holds what the reviewer saw; otherwise
// it is stale, with the reason). Runs over the whole cache in id order, a chunk at a time, or
// over the records one decision touches: the same code either way.
import type Database from 'better-sqlite3';
import type { Catalog, CatalogProduct } from '../../../shared/api/reconcile.ts';
import { invoiceStatusMeaning } from '../domain/status.ts';
import type { InvoiceStatus } from '../../../shared/sources/xendit.ts';
import { listPrice, productByKey, ProductMatcher, testRuleHit } from './catalog.ts';
import { addressParts, normalPhone } from './keys.ts';
import { toCentavos } from '../domain/money.ts';
import { rowInserter } from './derived-store.ts';

export interface Override {
  value: string | null;
  basis: string | null;
  decisionId: string;
}
/** Overrides in force per record, per field. */
export type Overrides = Map<string, Map<string, Override>>;

export interface BuildContext {
  catalog: Catalog;
  clock: { month(iso: string): string; day(iso: string): string };
  overrides: Overrides;
  /** Called for an override that cannot apply, with why. */
  stale(decisionId: string, reason: string): void;
}

interface ContactSource {
  id: number;
  email: string;
  first_name: string | null;
  surname: string | null;
  phone: string | null;
  tags: string;
  registered_at: string;
}

interface InvoiceSource {
  id: string;
  external_id: string;
  status: InvoiceStatus;
  amount_minor: number;
  currency: string;
  payer_email: string | null;
  description: string | null;
  payment_method: string | null;
  created_at: string;
  paid_at: string | null;
  extra: string;
}

const CONTACT_COLUMNS = 'id, email, first_name, surname, phone, tags, registered_at';
const INVOICE_COLUMNS = `id, external_id, status, amount_minor, currency, payer_email, description, payment_method, created_at, paid_at,
  json_extract(raw, '$.customer.given_names', '$.customer.surname', '$.customer.mobile_number', '$.metadata.isTest', '$.items', '$.expiry_date') AS extra`;

const RECORD_COLUMNS = ['rid', 'kind', 'source_id', 'email', 'email_key', 'email_problem', 'sub_key', 'letters', 'digits', 'first_name', 'last_name', 'phone', 'phone_key', 'tags', 'at', 'key', 'person_id', 'test_rule', 'test_override', 'excluded'] as const;
const PAYMENT_COLUMNS = ['rid', 'invoice_id', 'person_id', 'external_id', 'email', 'description', 'product', 'product_rule', 'status', 'meaning', 'amount_minor', 'expected_minor', 'currency',
  'created_at', 'paid_at', 'month', 'paid_month', 'payment_method', 'expires_at', 'test_rule', 'test_override', 'excluded', 'is_test', 'in_plan'] as const;

type Editable = 'email' | 'first_name' | 'last_name' | 'phone';
const editable: readonly Editable[] = ['email', 'first_name', 'last_name', 'phone'];

/** The record's fields with the edits in force applied; stale edits reported and left out. */
function edited(rid: string, source: Record<Editable, string | null>, ctx: BuildContext): Record<Editable, string | null> {
  const mine = ctx.overrides.get(rid);
  if (!mine) return source;
  const out = { ...source };
  for (const field of editable) {
    const o = mine.get(field);
    if (!o) continue;
    const now = JSON.stringify(source[field] ?? null);
    if (o.basis !== null && o.basis !== now) {
      ctx.stale(o.decisionId, `The source changed this record's ${field.replace('_', ' ')} to ${now} since the decision (which assumed ${o.basis}).`);
      continue;
    }
    out[field] = o.value;
  }
  return out;
}

function flag(rid: string, field: string, ctx: BuildContext): number | null {
  const o = ctx.overrides.get(rid)?.get(field);
  return o ? (o.value === '1' ? 1 : 0) : null;
}

function recordRow(rid: string, kind: 'contact' | 'invoice', sourceId: string, fields: Record<Editable, string | null>, tags: string, at: string, ctx: BuildContext, tagList: readonly string[]) {
  const parts = addressParts(fields.email);
  const split = ctx.overrides.get(rid)?.get('split');
  const key = split || !parts.key ? `#${rid}` : parts.key;
  const testRule = testRuleHit(ctx.catalog, 'account', { email: fields.email, tags: tagList });
  return {
    rid,
    kind,
    source_id: sourceId,
    email: fields.email,
    email_key: parts.key,
    email_problem: parts.problem,
    sub_key: parts.sub,
    letters: parts.letters,
    digits: parts.digits,
    first_name: fields.first_name,
    last_name: fields.last_name,
    phone: fields.phone,
    phone_key: normalPhone(fields.phone),
    tags,
    at,
    key,
    person_id: key,
    test_rule: testRule?.id ?? null,
    test_override: flag(rid, 'test', ctx),
    excluded: flag(rid, 'exclude', ctx) ?? 0,
  };
}

/**
 * A payment's flags before its person is known: a test by its own rule or decision, in the plan
 * when paid and neither a test nor excluded. Derivation rewrites only the payments it changes.
 */
export function defaultPaymentFlags(p: { meaning: string; test_rule: string | null; test_override: number | null; excluded: number }): { is_test: number; in_plan: number } {
  const test = p.test_override !== null ? p.test_override : p.test_rule !== null ? 1 : 0;
  return { is_test: test, in_plan: p.meaning === 'paid' && !test && !p.excluded ? 1 : 0 };
}

type Item = { name?: unknown; price?: unknown; quantity?: unknown };

function itemNames(items: unknown): string[] {
  return Array.isArray(items) ? (items as Item[]).flatMap((i) => (typeof i.name === 'string' ? [i.name] : [])) : [];
}

/** The list price on the invoice's day, or for store products without one the items' total. */
function expectedPrice(product: CatalogProduct | undefined, day: string, currency: string, items: unknown): number | null {
  const listed = listPrice(product, day, currency);
  if (listed !== null || product?.kind !== 'store' || !Array.isArray(items) || !items.length) return listed;
  return (items as Item[]).reduce((sum, i) => sum + toCentavos(Number(i.price ?? 0)) * Number(i.quantity ?? 1), 0);
}

export class RecordBuilder {
  private readonly insertRecord: (row: Record<(typeof RECORD_COLUMNS)[number], unknown>) => void;
  private readonly insertPayment: (row: Record<(typeof PAYMENT_COLUMNS)[number], unknown>) => void;
  private readonly matcher: ProductMatcher;
  private readonly products: ReturnType<typeof productByKey>;

  constructor(
    private readonly db: Database.Database,
    private readonly ctx: BuildContext,
  ) {
    this.insertRecord = rowInserter(db, 'recon_records', RECORD_COLUMNS, 'INSERT OR REPLACE');
    this.insertPayment = rowInserter(db, 'recon_payments', PAYMENT_COLUMNS, 'INSERT OR REPLACE');
    this.matcher = new ProductMatcher(ctx.catalog);
    this.products = productByKey(ctx.catalog);
  }

  /** Builds the next `limit` live contacts after id `after`, in id order; returns the last id, or null when none are left. */
  contactsAfter(after: number, limit: number): number | null {
    const rows = this.db.prepare(`SELECT ${CONTACT_COLUMNS} FROM raw_systeme_contacts WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?`).all(after, limit) as ContactSource[];
    for (const r of rows) this.contact(r);
    return rows.length ? rows.at(-1)!.id : null;
  }

  /** The same for invoices (every invoice is live). */
  invoicesAfter(after: string, limit: number): string | null {
    const rows = this.db.prepare(`SELECT ${INVOICE_COLUMNS} FROM raw_xendit_invoices WHERE id > ? ORDER BY id LIMIT ?`).all(after, limit) as InvoiceSource[];
    for (const r of rows) this.invoice(r);
    return rows.length ? rows.at(-1)!.id : null;
  }

  /** Rebuilds these records (those that no longer exist are removed); returns the rids still there. */
  some(rids: readonly string[]): string[] {
    const contactIds = rids.filter((r) => r.startsWith('c:')).map((r) => Number(r.slice(2)));
    const invoiceIds = rids.filter((r) => r.startsWith('i:')).map((r) => r.slice(2));
    const del = this.db.prepare('DELETE FROM recon_records WHERE rid = ?');
    const delPay = this.db.prepare('DELETE FROM recon_payments WHERE rid = ?');
    for (const rid of rids) {
      del.run(rid);
      delPay.run(rid);
    }
    const found: string[] = [];
    if (contactIds.length) {
      const rows = this.db.prepare(`SELECT ${CONTACT_COLUMNS} FROM raw_systeme_contacts WHERE deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(contactIds)) as ContactSource[];
      for (const r of rows) found.push(this.contact(r));
    }
    if (invoiceIds.length) {
      const rows = this.db.prepare(`SELECT ${INVOICE_COLUMNS} FROM raw_xendit_invoices WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(invoiceIds)) as InvoiceSource[];
      for (const r of rows) found.push(this.invoice(r));
    }
    return found;
  }

  private contact(r: ContactSource): string {
    const rid = `c:${r.id}`;
    const fields = edited(rid, { email: r.email, first_name: r.first_name, last_name: r.surname, phone: r.phone }, this.ctx);
    const tagList = JSON.parse(r.tags) as string[];
    this.insertRecord(recordRow(rid, 'contact', String(r.id), fields, r.tags, r.registered_at, this.ctx, tagList));
    return rid;
  }

  private invoice(r: InvoiceSource): string {
    const rid = `i:${r.id}`;
    const [given, surname, mobile, isTest, items, expiry] = JSON.parse(r.extra) as [
      string | null,
      string | null,
      string | null,
      unknown,
      Item[] | null,
      string | null,
    ];
    const fields = edited(rid, { email: r.payer_email, first_name: given, last_name: surname, phone: mobile }, this.ctx);
    const row = recordRow(rid, 'invoice', r.id, fields, '[]', r.created_at, this.ctx, []);
    this.insertRecord(row);
    const ctx = this.ctx;
    let match = this.matcher.match(r.description, itemNames(items));
    const chosen = ctx.overrides.get(rid)?.get('product');
    if (chosen) {
      if (chosen.value && this.products.has(chosen.value)) match = { product: chosen.value, rule: 'decision' };
      else ctx.stale(chosen.decisionId, `The catalog has no product "${chosen.value}" any more.`);
    }
    const product = this.products.get(match.product);
    const expected = expectedPrice(product, ctx.clock.day(r.created_at), r.currency, items);
    const testRule = testRuleHit(ctx.catalog, 'payment', { externalId: r.external_id, description: r.description, metadataIsTest: isTest === true });
    const flags = defaultPaymentFlags({ meaning: invoiceStatusMeaning[r.status], test_rule: testRule?.id ?? null, test_override: row.test_override, excluded: row.excluded });
    this.insertPayment({
      is_test: flags.is_test,
      in_plan: flags.in_plan,
      rid,
      invoice_id: r.id,
      person_id: row.key,
      external_id: r.external_id,
      email: fields.email,
      description: r.description,
      product: match.product,
      product_rule: match.rule,
      status: r.status,
      meaning: invoiceStatusMeaning[r.status],
      amount_minor: r.amount_minor,
      expected_minor: expected,
      currency: r.currency,
      created_at: r.created_at,
      paid_at: r.paid_at,
      month: ctx.clock.month(r.created_at),
      paid_month: r.paid_at ? ctx.clock.month(r.paid_at) : null,
      payment_method: r.payment_method,
      expires_at: expiry,
      test_rule: testRule?.id ?? null,
      test_override: row.test_override,
      excluded: row.excluded,
    });
    return rid;
  }
}
