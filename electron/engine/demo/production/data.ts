// The rows of the demo production, table by table, built deterministically from the demo
// dataset: the people of people.ts with the contamination the first migration left (NULL-token
// users, ghosts, test accounts and payments, diverged status values, missing enrollments), plus
// the columns only the app maintains (login counts, flags, notes, affiliates, progress).
import type { XenditInvoice } from '../../../../shared/sources/xendit.ts';
import type { CopyValue } from '../../pg/copy.ts';
import { generateDataset, type DemoDataset } from '../generator/index.ts';
import { entityRng, hashLabel, scramble32, uuidWithPrefix, type Rng } from '../generator/random.ts';
import { manila } from '../generator/time.ts';
import { productionPeople, SNAPSHOT_MS, type ProductionPerson, type UserKind } from './people.ts';

export interface DemoProductionOptions {
  seed?: number;
  scale?: number;
}

/** One table's rows in COPY column order. */
export interface TableRows {
  schema: string;
  table: string;
  columns: readonly string[];
  rows: CopyValue[][];
}

/** What the demo production holds, for tests and the cutover to compare against. */
export interface DemoProductionTruth {
  seed: number;
  scale: number;
  snapshotAt: string;
  counts: Record<string, number>;
  users: { id: string; personId: string | null; kind: UserKind; email: string; nullTokens: boolean; hasIdentity: boolean; hasProfile: boolean }[];
  transactions: { id: string; userId: string | null; personId: string | null; invoiceId: string | null; status: string; amount: number }[];
  /** transactions.status values and how many rows carry each. */
  statusValues: Record<string, number>;
}

export interface DemoProduction {
  tables: TableRows[];
  truth: DemoProductionTruth;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const BCRYPT_ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The "heal" script's placeholder: not a bcrypt hash GoTrue can verify (every login fails). */
export const HEAL_PLACEHOLDER = '$2a$10$placeholder.reset.required.please.use.forgot.password';

function fakeBcrypt(rng: Rng): string {
  let s = '$2a$10$';
  for (let i = 0; i < 53; i++) s += BCRYPT_ALPHABET[rng.int(BCRYPT_ALPHABET.length)];
  return s;
}

function id(seed: number, stream: string, index: number): string {
  return uuidWithPrefix(entityRng(seed, `prod:${stream}`, index), scramble32(index, hashLabel(`prod:${stream}:${seed}`)));
}

/**
 * The status a payment got, by the generation of webhook code that wrote it: the legacy handler
 * wrote 'paid', the rewrite 'success', the new checkout 'completed' (and, on one callback path,
 * Xendit's own 'SUCCEEDED').
 */
export function statusWritten(createdMs: number, rng: Rng): string {
  if (createdMs < manila(2024, 11, 15)) return 'paid';
  if (createdMs < manila(2025, 2, 10)) return 'success';
  return rng.chance(0.05) ? 'SUCCEEDED' : 'completed';
}

export function buildDemoProduction(options: DemoProductionOptions = {}, dataset?: DemoDataset): DemoProduction {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 1;
  const ds = dataset ?? generateDataset({ seed, scale });
  const people = productionPeople({ seed, scale, dataset: ds });
  const key = ds.answerKey;

  const courseP2p = id(seed, 'course', 0);
  const courses: CopyValue[][] = [
    [courseP2p, 'papers-to-profits', 'Papers to Profits', 1300, iso(manila(2024, 8, 1))],
    [id(seed, 'course', 1), 'homeschool-essentials', 'Homeschool Essentials', 2500, iso(manila(2025, 3, 1))],
  ];
  const membershipLevels: CopyValue[][] = [
    [1, 'Basic', 0],
    [2, 'Silver', 1],
    [3, 'Gold', 2],
  ];

  // auth.users and auth.identities.
  const users: CopyValue[][] = [];
  const identities: CopyValue[][] = [];
  const truthUsers: DemoProductionTruth['users'] = [];
  for (const p of people) {
    const rng = entityRng(seed, 'prod:user-cols', p.index);
    const ghost = p.kind === 'ghost';
    const gotrue = !p.rawSql;
    const created = iso(p.createdMs);
    const signedIn = p.kind === 'ghost' || rng.chance(0.15) ? null : iso(Math.min(SNAPSHOT_MS - 60_000, p.createdMs + rng.between(1, 200) * 3_600_000));
    const password = ghost ? null : p.rawSql && rng.chance(0.4) ? HEAL_PLACEHOLDER : p.rawSql && rng.chance(0.3) ? null : fakeBcrypt(rng);
    const empty = gotrue ? '' : null;
    const meta = { first_name: p.firstName, last_name: p.lastName };
    users.push([
      ghost ? null : '00000000-0000-0000-0000-000000000000', // instance_id
      p.userId,
      ghost ? null : 'authenticated', // aud
      ghost ? null : 'authenticated', // role
      p.email,
      password,
      ghost ? null : created, // email_confirmed_at
      empty, // confirmation_token
      empty, // recovery_token
      empty, // email_change_token_new
      empty, // email_change
      signedIn, // last_sign_in_at
      ghost ? null : { provider: 'email', providers: ['email'] },
      ghost ? null : meta,
      false, // is_super_admin
      created,
      signedIn ?? created,
    ]);
    if (gotrue) {
      identities.push([
        p.userId, // provider_id
        p.userId,
        { sub: p.userId, email: p.email, email_verified: true, phone_verified: false },
        'email',
        signedIn,
        created,
        created,
        id(seed, 'identity', p.index),
      ]);
    }
    truthUsers.push({ id: p.userId, personId: p.personId, kind: p.kind, email: p.email, nullTokens: !gotrue, hasIdentity: gotrue, hasProfile: !ghost });
  }

  // public.transactions: every P2P payment before the snapshot (duplicates and tests included),
  // and the manual bank transfers staff recorded.
  const transactions: CopyValue[][] = [];
  const truthTx: DemoProductionTruth['transactions'] = [];
  const statusValues: Record<string, number> = {};
  const txOf = new Map<number, { id: string; status: string; paidMs: number; monthly: boolean }[]>();
  const txByInvoice = new Map<string, string>();
  const addTx = (p: ProductionPerson, row: { invoice: XenditInvoice | null; amount: number; status: string; paidMs: number; fields: CopyValue[] }) => {
    const txId = id(seed, 'transaction', transactions.length);
    transactions.push([txId, p.userId, ...row.fields]);
    truthTx.push({ id: txId, userId: p.userId, personId: p.personId, invoiceId: row.invoice?.id ?? null, status: row.status, amount: row.amount });
    statusValues[row.status] = (statusValues[row.status] ?? 0) + 1;
    const list = txOf.get(p.index) ?? [];
    list.push({ id: txId, status: row.status, paidMs: row.paidMs, monthly: /Monthly/.test(row.invoice?.description ?? '') });
    txOf.set(p.index, list);
    if (row.invoice) txByInvoice.set(row.invoice.id, txId);
  };
  for (const p of people) {
    for (const invoice of p.p2pInvoices) {
      const rng = entityRng(seed, 'prod:tx', transactions.length);
      const createdMs = Date.parse(invoice.created);
      const status = statusWritten(createdMs, rng);
      const paidMs = Date.parse(invoice.paid_at ?? invoice.created);
      addTx(p, {
        invoice,
        amount: invoice.amount,
        status,
        paidMs,
        fields: [
          invoice.external_id,
          invoice.amount,
          invoice.currency,
          status,
          'P2P',
          invoice.payment_method ?? null,
          invoice.payer_email ?? null, // as typed: case and whitespace included
          invoice.description ?? null,
          { xendit_invoice_id: invoice.id, payment_channel: invoice.payment_channel ?? null, ...(invoice.metadata ?? {}) },
          iso(paidMs),
          invoice.status === 'SETTLED' ? invoice.updated : null,
          invoice.expiry_date ?? null,
          invoice.created,
          rng.chance(0.5) ? invoice.updated : iso(paidMs),
        ],
      });
    }
    if (p.kind === 'manual' && entityRng(seed, 'prod:manual-tx', p.index).chance(0.5)) {
      const paidMs = Math.min(SNAPSHOT_MS - 60_000, p.createdMs + DAY);
      const ref = entityRng(seed, 'prod:manual-ref', p.index).hex(10);
      addTx(p, {
        invoice: null,
        amount: 800,
        status: 'completed',
        paidMs,
        fields: [
          `manual-${ref}`,
          800,
          'PHP',
          'completed',
          'P2P',
          'bank_transfer',
          p.email,
          'Papers to Profits - manual payment',
          { source: 'manual', recorded_by: 'support@gracefulhomeschooling.com' },
          iso(paidMs),
          iso(paidMs),
          null,
          iso(paidMs),
          iso(paidMs),
        ],
      });
    }
  }

  // public.enrollments: the trigger enrolled 'completed' P2P payments; staff enrolled most of the
  // others by hand; some manual payers were enrolled without a payment row.
  const enrollments: CopyValue[][] = [];
  const activeStudents = new Set<number>();
  const enrollmentIds: string[] = [];
  for (const p of people) {
    if (p.kind === 'ghost' || p.kind === 'lead' || p.kind === 'staff') continue;
    const rng = entityRng(seed, 'prod:enrollment', p.index);
    const first = txOf.get(p.index)?.[0];
    let via: { txId: string | null; atMs: number; monthly: boolean } | null = null;
    if (first && first.status === 'completed') via = { txId: first.id, atMs: first.paidMs, monthly: first.monthly };
    else if (first && rng.chance(0.635)) via = { txId: first.id, atMs: first.paidMs + rng.between(1, 20) * DAY, monthly: first.monthly };
    else if (!first && p.kind === 'manual' && rng.chance(0.5)) via = { txId: null, atMs: p.createdMs + rng.between(1, 10) * DAY, monthly: false };
    if (!via) continue;
    const atMs = Math.min(via.atMs, SNAPSHOT_MS - 60_000);
    const status =
      via.monthly && atMs < SNAPSHOT_MS - 150 * DAY ? 'expired'
      : p.kind === 'manual' && rng.chance(0.1) ? 'pending'
      : 'active';
    if (status === 'active') activeStudents.add(p.index);
    const enrollmentId = id(seed, 'enrollment', enrollments.length);
    enrollmentIds.push(enrollmentId);
    const accessed = rng.chance(0.8) ? iso(Math.min(SNAPSHOT_MS - 60_000, atMs + rng.between(1, 90) * DAY)) : null;
    enrollments.push([
      enrollmentId,
      p.userId,
      courseP2p,
      via.txId,
      status,
      iso(atMs),
      via.monthly ? iso(atMs + 30 * DAY) : null,
      accessed,
      accessed ? rng.between(1, 100) : 0,
      iso(atMs),
      accessed ?? iso(atMs),
    ]);
  }

  // public.affiliates: a few students refer others (the app alone knows this).
  const affiliates: CopyValue[][] = [];
  const affiliateOf = new Map<number, { id: string; active: boolean }>();
  const affiliateIds: string[] = [];
  for (const p of people) {
    if (p.kind !== 'buyer' || !entityRng(seed, 'prod:affiliate', p.index).chance(0.03)) continue;
    const rng = entityRng(seed, 'prod:affiliate-cols', p.index);
    const n = affiliates.length;
    const affiliateId = id(seed, 'affiliate', n);
    const status = rng.weighted([
      ['active', 70],
      ['pending', 15],
      ['flagged', 5],
      ['inactive', 10],
    ] as const);
    const base = `${p.firstName ?? 'partner'}-${p.lastName ?? ''}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30);
    const parent = n > 3 && rng.chance(0.2) ? affiliateIds[rng.int(n)] : null;
    affiliates.push([
      affiliateId,
      n + 1, // affiliate_number (serial)
      p.userId,
      `${base || 'partner'}-${n + 1}`,
      parent ?? null,
      status,
      rng.pick([0.2, 0.25, 0.3]),
      rng.pick(['gcash', 'bank', 'paypal']),
      { account_name: [p.firstName, p.lastName].filter(Boolean).join(' ') || null },
      500,
      0, // total_clicks, set below
      iso(p.createdMs + 30 * DAY),
      iso(p.createdMs + 31 * DAY),
    ]);
    affiliateIds.push(affiliateId);
    affiliateOf.set(p.index, { id: affiliateId, active: status === 'active' });
  }

  // public.unified_profiles (every user but the ghosts) and what only the app keeps about them.
  const profiles: CopyValue[][] = [];
  const userNotes: CopyValue[][] = [];
  const activity: CopyValue[][] = [];
  const emailEvents: CopyValue[][] = [];
  const staffIds = people.filter((p) => p.kind === 'staff').map((p) => p.userId);
  for (const p of people) {
    if (p.kind === 'ghost') continue;
    const rng = entityRng(seed, 'prod:profile', p.index);
    const affiliate = affiliateOf.get(p.index);
    const logins = p.kind === 'staff' ? rng.between(200, 900) : rng.chance(0.2) ? 0 : rng.between(1, 120);
    const lastLogin = logins > 0 ? iso(Math.min(SNAPSHOT_MS - 60_000, p.createdMs + rng.between(1, 240) * DAY)) : null;
    const noted = p.kind !== 'staff' && rng.chance(0.08);
    const note = noted ? rng.pick(['Asked for an official receipt', 'Paid twice; refund promised', 'Prefers Tagalog', 'Changed e-mail by phone', 'VIP from the 2024 workshop']) : null;
    const accountType = p.kind === 'buyer' || p.kind === 'manual' ? 'student' : p.kind;
    profiles.push([
      p.userId,
      p.email,
      p.firstName,
      p.lastName,
      p.phone,
      p.contact ? p.contact.tags.map((t) => t.name) : [],
      p.kind === 'buyer' ? 'xendit' : p.kind === 'manual' ? 'manual' : p.kind === 'lead' ? 'systeme' : p.kind,
      p.kind === 'test' ? 'suspended' : rng.chance(0.02) ? 'inactive' : 'active',
      accountType,
      p.kind === 'staff' ? { role: 'admin' } : note ? { note } : {},
      affiliate?.id ?? null,
      activeStudents.has(p.index) ? rng.pick([1, 1, 2, 3]) : null,
      activeStudents.has(p.index),
      affiliate?.active ?? false,
      p.kind === 'staff',
      p.contact ? !p.contact.unsubscribed : true,
      p.contact ? p.contact.bounced : false,
      logins,
      lastLogin,
      p.index + 1, // member_number
      iso(p.createdMs),
      lastLogin ?? iso(p.createdMs),
    ]);
    if (note) userNotes.push([p.userId, staffIds[rng.int(staffIds.length)] ?? null, note, iso(p.createdMs + 2 * DAY)]);
    for (let i = 0; i < Math.min(logins, 3); i++) activity.push([p.userId, 'login', iso(Math.min(SNAPSHOT_MS - 60_000, p.createdMs + (i + 1) * 7 * DAY))]);
    if (rng.chance(0.5)) {
      emailEvents.push([p.userId, 'sent', iso(p.createdMs + DAY)]);
      if (p.contact?.bounced) emailEvents.push([p.userId, 'bounced', iso(p.createdMs + DAY + 60_000)]);
      else if (rng.chance(0.5)) emailEvents.push([p.userId, 'opened', iso(p.createdMs + 2 * DAY)]);
    }
  }

  const refundRequests: CopyValue[][] = [];
  for (const refund of key.refunds) {
    const txId = txByInvoice.get(refund.invoiceId);
    if (txId) refundRequests.push([txId, refund.reason, refund.status === 'SUCCEEDED' ? 'refunded' : 'rejected']);
  }
  const adAttributions: CopyValue[][] = [];
  for (const p of people) {
    for (const invoice of p.p2pInvoices) {
      const source = invoice.metadata?.source;
      const txId = txByInvoice.get(invoice.id);
      if (typeof source === 'string' && txId) adAttributions.push([txId, source, source === 'facebook' ? 'p2p-2025' : null]);
    }
  }
  const courseReviews: CopyValue[][] = [];
  enrollmentIds.forEach((enrollmentId, i) => {
    const rng = entityRng(seed, 'prod:review', i);
    if (rng.chance(0.08)) courseReviews.push([enrollmentId, rng.between(3, 5), rng.pick(['Salamat po!', 'Very practical.', 'Worth it.', null]), iso(SNAPSHOT_MS - rng.between(2, 90) * DAY)]);
  });
  const clicks: CopyValue[][] = [];
  const payouts: CopyValue[][] = [];
  affiliates.forEach((row, i) => {
    const rng = entityRng(seed, 'prod:clicks', i);
    const count = rng.between(0, 20);
    row[10] = count;
    for (let c = 0; c < count; c++) clicks.push([row[0] as string, `https://gracefulhomeschooling.com/p2p?ref=${row[3] as string}`, iso(SNAPSHOT_MS - rng.between(1, 120) * DAY)]);
    if (row[5] === 'active' && count > 10) payouts.push([row[0] as string, 500, iso(SNAPSHOT_MS - rng.between(1, 30) * DAY)]);
  });

  const tables: TableRows[] = [
    { schema: 'public', table: 'membership_levels', columns: ['id', 'name', 'min_courses'], rows: membershipLevels },
    { schema: 'public', table: 'courses', columns: ['id', 'slug', 'title', 'price', 'created_at'], rows: courses },
    {
      schema: 'auth',
      table: 'users',
      columns: [
        'instance_id', 'id', 'aud', 'role', 'email', 'encrypted_password', 'email_confirmed_at', 'confirmation_token',
        'recovery_token', 'email_change_token_new', 'email_change', 'last_sign_in_at', 'raw_app_meta_data',
        'raw_user_meta_data', 'is_super_admin', 'created_at', 'updated_at',
      ],
      rows: users,
    },
    {
      schema: 'auth',
      table: 'identities',
      columns: ['provider_id', 'user_id', 'identity_data', 'provider', 'last_sign_in_at', 'created_at', 'updated_at', 'id'],
      rows: identities,
    },
    {
      schema: 'public',
      table: 'unified_profiles',
      columns: [
        'id', 'email', 'first_name', 'last_name', 'phone', 'tags', 'acquisition_source', 'status', 'account_type',
        'admin_metadata', 'affiliate_id', 'membership_level_id', 'is_student', 'is_affiliate', 'is_admin',
        'email_marketing_subscribed', 'email_bounced', 'login_count', 'last_login_at', 'member_number', 'created_at', 'updated_at',
      ],
      rows: profiles,
    },
    {
      schema: 'public',
      table: 'affiliates',
      columns: [
        'id', 'affiliate_number', 'user_id', 'slug', 'parent_affiliate', 'status', 'commission_rate', 'payout_method',
        'payout_details', 'min_payout', 'total_clicks', 'created_at', 'updated_at',
      ],
      rows: affiliates,
    },
    {
      schema: 'public',
      table: 'transactions',
      columns: [
        'id', 'user_id', 'external_id', 'amount', 'currency', 'status', 'transaction_type', 'payment_method', 'contact_email',
        'description', 'metadata', 'paid_at', 'settled_at', 'expires_at', 'created_at', 'updated_at',
      ],
      rows: transactions,
    },
    {
      schema: 'public',
      table: 'enrollments',
      columns: [
        'id', 'user_id', 'course_id', 'transaction_id', 'status', 'enrolled_at', 'expires_at', 'last_accessed_at',
        'progress_percent', 'created_at', 'updated_at',
      ],
      rows: enrollments,
    },
    { schema: 'public', table: 'user_notes', columns: ['profile_id', 'author_id', 'note', 'created_at'], rows: userNotes },
    { schema: 'public', table: 'activity_log', columns: ['profile_id', 'action', 'at'], rows: activity },
    { schema: 'public', table: 'email_events', columns: ['profile_id', 'event', 'at'], rows: emailEvents },
    { schema: 'public', table: 'refund_requests', columns: ['transaction_id', 'reason', 'status'], rows: refundRequests },
    { schema: 'public', table: 'ad_attributions', columns: ['transaction_id', 'utm_source', 'utm_campaign'], rows: adAttributions },
    { schema: 'public', table: 'course_reviews', columns: ['enrollment_id', 'rating', 'body', 'created_at'], rows: courseReviews },
    { schema: 'public', table: 'affiliate_clicks', columns: ['affiliate_id', 'landing_url', 'clicked_at'], rows: clicks },
    { schema: 'public', table: 'affiliate_payouts', columns: ['affiliate_id', 'amount', 'paid_at'], rows: payouts },
  ];
  const counts = Object.fromEntries(tables.map((t) => [`${t.schema}.${t.table}`, t.rows.length]));
  return {
    tables,
    truth: { seed, scale, snapshotAt: iso(SNAPSHOT_MS), counts, users: truthUsers, transactions: truthTx, statusValues },
  };
}
