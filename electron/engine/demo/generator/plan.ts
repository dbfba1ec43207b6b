// The calibration: how many people of each kind exist and which invoice and contact slots belong to
// whom, derived from the seed's numbers and the scale. Everything here is counts and index
// arithmetic (no records), so both generateDataset and the O(1)-memory stream share it.
//
// People are numbered 0…P-1 in segments (buyers of both products, P2P-only buyers, …). Contact-backed
// segments come first; their primary contacts fill contact slots through a random permutation, so
// kinds are spread over registration time. Invoices are enumerated per product from the buyers'
// side, so the status × product cells are exact by construction, and the tag totals are exact at
// scale 1 because the free segments (manual P2P payers, Canva-tagged leads, plain leads) absorb the
// remainders.
import { INVOICE_MIX, type ProductGroup } from './catalog.ts';
import { Layout } from './layout.ts';
import { hashInts, labelCode, Permutation } from './random.ts';
import { invoiceStatuses, type InvoiceStatus } from '../../../../shared/sources/xendit.ts';

export type BuyerProduct = 'p2p' | 'canva';

/** Segments of the person index space, in order. */
const CONTACT_SEGMENTS = [
  'both',
  'p2pOnly',
  'canvaOnly',
  'manual',
  'imported',
  'testAccount',
  'lead',
] as const;
const INVOICE_ONLY_SEGMENTS = [
  'noContactP2p',
  'noContactCanva',
  'otherBuyer',
  'noContactAbandoner',
  'xenditTester',
] as const;
export type SegmentKind =
  | (typeof CONTACT_SEGMENTS)[number]
  | (typeof INVOICE_ONLY_SEGMENTS)[number];

/** Per-product buyer modifiers; exclusive, spread over buyers by a permutation. */
export type BuyerMod = 'dup' | 'retry' | 'refund' | 'chargeback' | 'offPrice' | 'plain';
/** Per-person messes of buyers and leads; exclusive, spread by a permutation. */
export type PersonMess = 'altEmail' | 'caseVariant' | 'secondContact' | 'importedTag' | 'none';
/** Tag groups inside a segment, by plain position (positions are already spread over time). */
export type TagGroup =
  | 'untagged'
  | 'untaggedCanva'
  | 'withCanva'
  | 'noCanva'
  | 'withPaidP2P'
  | 'plain';
/** Who opened an abandoned (expired or pending) checkout. */
export type AbandonerKind = 'cross' | 'lead' | 'noContact';

export interface ProductPlan {
  product: BuyerProduct;
  paid: number;
  settled: number;
  testPaid: number;
  dup: number;
  buyers: number;
  retry: number;
  testExpired: number;
  /** Expired plus pending checkouts of people who never paid for this product. */
  abandonSlots: number;
  pending: number;
  buyerMods: Layout<BuyerMod>;
  buyerPerm: Permutation;
  paidStatusPerm: Permutation;
  abandoners: Layout<AbandonerKind>;
  pendingPerm: Permutation;
  /** The first `dupRefunds` duplicate second payments were refunded as DUPLICATE. */
  dupRefunds: number;
  /** The first `failedRefunds` customer refunds failed. */
  failedRefunds: number;
}

interface Segment {
  kind: SegmentKind;
  start: number;
  count: number;
}

export interface PersonRef {
  kind: SegmentKind;
  /** Position inside the segment. */
  local: number;
}

export interface ContactSlotRef {
  person: number;
  secondary: boolean;
}

/** Base numbers at scale 1 that are ours, not the seed's (the mess and the overlaps). */
const BASE = {
  p2p: { testPaid: 6, dup: 24, testExpired: 2, retry: 120, refund: 10, chargeback: 2, offPrice: 6 },
  canva: { testPaid: 4, dup: 18, testExpired: 2, retry: 150, refund: 6, chargeback: 1, offPrice: 4 },
  bothBuyers: 1200,
  noContactBuyers: { p2p: 25, canva: 15 },
  untaggedP2p: 20,
  untaggedCanva: 30,
  untaggedCanvaInBoth: 10,
  manualWithCanva: 150,
  importedWithPaidP2p: 60,
  importedBuyers: 40,
  testAccounts: 8,
  xenditTesters: 3,
  crossAbandoners: { p2p: 300, canva: 900 },
  leadAbandoners: { p2p: 450, canva: 400 },
  messes: {
    both: { altEmail: 15, caseVariant: 60, secondContact: 4, importedTag: 0 },
    p2pOnly: { altEmail: 45, caseVariant: 120, secondContact: 12, importedTag: 40 },
    canvaOnly: { altEmail: 20, caseVariant: 60, secondContact: 6, importedTag: 0 },
    lead: { altEmail: 0, caseVariant: 0, secondContact: 18, importedTag: 0 },
  },
  /** The seed's contact numbers. */
  contacts: { total: 15270, paidP2p: 3664, canva: 4916, paidP2pAndCanva: 2893, imported: 1108 },
} as const;

type MessSegment = keyof typeof BASE.messes;
const MESS_SEGMENTS: readonly MessSegment[] = ['both', 'p2pOnly', 'canvaOnly', 'lead'];

export class Plan {
  readonly cells: Readonly<Record<InvoiceStatus, Readonly<Record<ProductGroup, number>>>>;
  readonly products: Readonly<Record<BuyerProduct, ProductPlan>>;
  /** Other-product invoice slots before each status's cell (for otherBuyer person numbers). */
  readonly otherOffsets: Readonly<Record<InvoiceStatus, number>>;
  readonly segments: readonly Segment[];
  readonly segmentByKind: ReadonlyMap<SegmentKind, Segment>;
  readonly tagGroups: ReadonlyMap<SegmentKind, Layout<TagGroup>>;
  readonly messes: ReadonlyMap<SegmentKind, { layout: Layout<PersonMess>; perm: Permutation }>;
  /** Person count with a primary contact (persons 0…contactPersons-1). */
  readonly contactPersons: number;
  readonly secondaryContacts: number;
  readonly contactSlots: number;
  readonly persons: number;
  readonly contactPerm: Permutation;
  /** Persons are numbered in e-mail addresses through this, so numbers look random yet unique. */
  readonly emailNumberPerm: Permutation;

  constructor(
    readonly seed: number,
    readonly scale: number,
  ) {
    if (!(scale > 0 && scale <= 1000) || !Number.isFinite(scale)) {
      throw new RangeError(`scale must be in (0, 1000], got ${scale}`);
    }
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    const round = (x: number) => Math.round(x * scale);
    // Each kind of mess survives small scales, so tests at scale 0.05 still see every kind.
    const some = (x: number) => (x === 0 ? 0 : Math.max(1, round(x)));
    const key = (label: string) => hashInts(seed, labelCode(label));

    const cells = {} as Record<InvoiceStatus, Record<ProductGroup, number>>;
    for (const status of invoiceStatuses) {
      const mix = INVOICE_MIX[status];
      cells[status] = { p2p: round(mix.p2p), canva: round(mix.canva), other: round(mix.other) };
    }
    this.cells = cells;
    const otherOffsets = {} as Record<InvoiceStatus, number>;
    let otherAt = 0;
    for (const status of invoiceStatuses) {
      otherOffsets[status] = otherAt;
      otherAt += cells[status].other;
    }
    this.otherOffsets = otherOffsets;

    // Invoice side, per product: who fills the paid, expired and pending cells.
    const productPlan = (product: BuyerProduct): ProductPlan => {
      const base = BASE[product];
      const paid = cells.PAID[product] + cells.SETTLED[product];
      const testPaid = Math.min(some(base.testPaid), Math.floor(paid / 4));
      const dup = Math.min(some(base.dup), Math.floor((paid - testPaid) / 3));
      const buyers = paid - testPaid - dup;
      const expired = cells.EXPIRED[product];
      const testExpired = Math.min(some(base.testExpired), expired);
      const retry = Math.min(some(base.retry), expired - testExpired, buyers - dup);
      const pending = cells.PENDING[product];
      const abandonSlots = expired - testExpired - retry + pending;
      const buyerMods = new Layout<BuyerMod>(
        buyers,
        [
          ['dup', dup],
          ['retry', retry],
          ['refund', some(base.refund)],
          ['chargeback', some(base.chargeback)],
          ['offPrice', some(base.offPrice)],
        ],
        'plain',
      );
      return {
        product,
        paid,
        settled: cells.SETTLED[product],
        testPaid,
        dup,
        buyers,
        retry,
        testExpired,
        abandonSlots,
        pending,
        buyerMods,
        buyerPerm: new Permutation(buyers, key(`buyers:${product}`)),
        paidStatusPerm: new Permutation(paid, key(`paid-status:${product}`)),
        // Placeholder, replaced below once the segments that abandoners come from are sized.
        abandoners: new Layout<AbandonerKind>(0, [], 'noContact'),
        pendingPerm: new Permutation(abandonSlots, key(`pending:${product}`)),
        dupRefunds: Math.round(dup / 3),
        failedRefunds: Math.min(1, Math.floor(buyerMods.count('refund') / 4)),
      };
    };
    const p2p = productPlan('p2p');
    const canva = productPlan('canva');

    // People side. Buyers of both products are listed first in both products' buyer orders.
    const both = Math.min(round(BASE.bothBuyers), Math.floor(p2p.buyers / 2), Math.floor(canva.buyers / 2));
    const noContactP2p = Math.min(some(BASE.noContactBuyers.p2p), Math.floor((p2p.buyers - both) / 4));
    const noContactCanva = Math.min(
      some(BASE.noContactBuyers.canva),
      Math.floor((canva.buyers - both) / 4),
    );
    const p2pOnly = p2p.buyers - both - noContactP2p;
    const canvaOnly = canva.buyers - both - noContactCanva;
    const untaggedP2p = Math.min(some(BASE.untaggedP2p), Math.floor(p2pOnly / 4));
    const untaggedCanva = Math.min(some(BASE.untaggedCanva), Math.floor(canvaOnly / 4));
    const targets = {
      total: round(BASE.contacts.total),
      paidP2p: round(BASE.contacts.paidP2p),
      canva: round(BASE.contacts.canva),
      paidP2pAndCanva: round(BASE.contacts.paidP2pAndCanva),
      imported: round(BASE.contacts.imported),
    };
    const importedWithPaidP2p = round(BASE.importedWithPaidP2p);
    const importedBuyers = Math.min(some(BASE.importedBuyers), p2pOnly);
    const imported = Math.max(0, targets.imported - importedBuyers);
    // PaidP2P = both + tagged P2P-only buyers + Imported-with-PaidP2P + manual payers.
    const manual = Math.max(
      0,
      targets.paidP2p - both - (p2pOnly - untaggedP2p) - Math.min(importedWithPaidP2p, imported),
    );
    const manualWithCanva = Math.min(round(BASE.manualWithCanva), manual);
    // PaidP2P ∧ Canva = both + P2P-only buyers with the Canva tag + manual payers with it.
    const p2pOnlyWithCanva = Math.max(
      0,
      Math.min(p2pOnly - untaggedP2p, targets.paidP2pAndCanva - both - manualWithCanva),
    );
    // Canva = the above + every Canva-only buyer + Canva-tagged leads.
    const leadsWithCanvaWanted = Math.max(
      0,
      targets.canva - both - p2pOnlyWithCanva - manualWithCanva - canvaOnly,
    );
    const testAccounts = some(BASE.testAccounts);

    const messLayouts = new Map<SegmentKind, { layout: Layout<PersonMess>; perm: Permutation }>();
    const sizes: Record<MessSegment, number> = { both, p2pOnly, canvaOnly, lead: 0 };
    let secondaryContacts = 0;
    const messLayout = (kind: MessSegment, size: number) => {
      const base = BASE.messes[kind];
      const layout = new Layout<PersonMess>(
        size,
        [
          ['altEmail', kind === 'lead' ? 0 : some(base.altEmail)],
          ['caseVariant', kind === 'lead' ? 0 : some(base.caseVariant)],
          ['secondContact', some(base.secondContact)],
          ['importedTag', kind === 'p2pOnly' ? importedBuyers : 0],
        ],
        'none',
      );
      messLayouts.set(kind, { layout, perm: new Permutation(size, key(`mess:${kind}`)) });
      return layout;
    };
    for (const kind of ['both', 'p2pOnly', 'canvaOnly'] as const) {
      secondaryContacts += messLayout(kind, sizes[kind]).count('secondContact');
    }
    // Leads fill what is left of the contact total; their own second contacts count in it too.
    const beforeLeads = both + p2pOnly + canvaOnly + manual + imported + testAccounts;
    const leadSecondWanted = some(BASE.messes.lead.secondContact);
    const lead = Math.max(0, targets.total - beforeLeads - secondaryContacts - leadSecondWanted);
    sizes.lead = lead;
    secondaryContacts += messLayout('lead', lead).count('secondContact');
    this.messes = messLayouts;
    const leadsWithCanva = Math.min(leadsWithCanvaWanted, lead);

    // Abandoned checkouts: cross-sell attempts by the other product's buyers, leads, strangers.
    const abandonerLayout = (plan: ProductPlan, crossPool: number, leadPool: number) =>
      new Layout<AbandonerKind>(
        plan.abandonSlots,
        [
          ['cross', Math.min(round(BASE.crossAbandoners[plan.product]), crossPool)],
          ['lead', Math.min(round(BASE.leadAbandoners[plan.product]), leadPool)],
        ],
        'noContact',
      );
    // P2P attempts come from tagged Canva-only buyers; Canva attempts from P2P-only buyers who
    // carry the Canva tag (they opted in on the ebook page) and from Canva-tagged leads.
    p2p.abandoners = abandonerLayout(p2p, canvaOnly - untaggedCanva, lead - leadsWithCanva);
    canva.abandoners = abandonerLayout(canva, p2pOnlyWithCanva, leadsWithCanva);
    this.products = { p2p, canva };

    const segmentSizes: Record<SegmentKind, number> = {
      both,
      p2pOnly,
      canvaOnly,
      manual,
      imported,
      testAccount: testAccounts,
      lead,
      noContactP2p,
      noContactCanva,
      otherBuyer: otherAt,
      noContactAbandoner: p2p.abandoners.count('noContact') + canva.abandoners.count('noContact'),
      xenditTester: some(BASE.xenditTesters),
    };
    const segments: Segment[] = [];
    let at = 0;
    for (const kind of [...CONTACT_SEGMENTS, ...INVOICE_ONLY_SEGMENTS]) {
      segments.push({ kind, start: at, count: segmentSizes[kind] });
      at += segmentSizes[kind];
    }
    this.contactPersons = CONTACT_SEGMENTS.reduce((sum, kind) => sum + segmentSizes[kind], 0);
    this.persons = at;
    this.segments = segments;
    this.segmentByKind = new Map(segments.map((s) => [s.kind, s]));
    this.secondaryContacts = secondaryContacts;
    this.contactSlots = this.contactPersons + secondaryContacts;
    this.contactPerm = new Permutation(this.contactSlots, key('contact-slots'));
    let numberSpace = 10_000;
    while (numberSpace < this.persons * 5) numberSpace *= 10;
    this.emailNumberPerm = new Permutation(numberSpace, key('email-numbers'));

    this.tagGroups = new Map<SegmentKind, Layout<TagGroup>>([
      ['both', new Layout<TagGroup>(both, [['untaggedCanva', some(BASE.untaggedCanvaInBoth)]], 'plain')],
      [
        'p2pOnly',
        new Layout<TagGroup>(
          p2pOnly,
          [
            ['untagged', untaggedP2p],
            ['withCanva', p2pOnlyWithCanva],
          ],
          'noCanva',
        ),
      ],
      ['canvaOnly', new Layout<TagGroup>(canvaOnly, [['untagged', untaggedCanva]], 'plain')],
      ['manual', new Layout<TagGroup>(manual, [['withCanva', manualWithCanva]], 'noCanva')],
      [
        'imported',
        new Layout<TagGroup>(imported, [['withPaidP2P', importedWithPaidP2p]], 'plain'),
      ],
      ['lead', new Layout<TagGroup>(lead, [['withCanva', leadsWithCanva]], 'noCanva')],
    ]);
  }

  segment(kind: SegmentKind): Segment {
    const segment = this.segmentByKind.get(kind);
    if (!segment) throw new Error(`no segment ${kind}`);
    return segment;
  }

  personOf(kind: SegmentKind, local: number): number {
    const segment = this.segment(kind);
    if (local < 0 || local >= segment.count) {
      throw new RangeError(`${kind} #${local} outside a segment of ${segment.count}`);
    }
    return segment.start + local;
  }

  ref(person: number): PersonRef {
    for (const segment of this.segments) {
      if (person < segment.start + segment.count) {
        return { kind: segment.kind, local: person - segment.start };
      }
    }
    throw new RangeError(`person ${person} outside ${this.persons}`);
  }

  tagGroup(ref: PersonRef): TagGroup {
    return this.tagGroups.get(ref.kind)?.labelAt(ref.local) ?? 'plain';
  }

  mess(ref: PersonRef): PersonMess {
    const entry = this.messes.get(ref.kind);
    return entry ? entry.layout.labelAt(entry.perm.at(ref.local)) : 'none';
  }

  /** The b-th buyer of a product: both-product buyers, then contact-backed, then contactless. */
  buyerPerson(product: BuyerProduct, b: number): number {
    const both = this.segment('both').count;
    if (b < both) return this.personOf('both', b);
    const only = this.segment(product === 'p2p' ? 'p2pOnly' : 'canvaOnly').count;
    if (b < both + only) return this.personOf(product === 'p2p' ? 'p2pOnly' : 'canvaOnly', b - both);
    return this.personOf(product === 'p2p' ? 'noContactP2p' : 'noContactCanva', b - both - only);
  }

  buyerMod(product: BuyerProduct, b: number): BuyerMod {
    const plan = this.products[product];
    return plan.buyerMods.labelAt(plan.buyerPerm.at(b));
  }

  /** The buyer holding the k-th position of a modifier (e.g. the k-th double payer). */
  buyerWith(product: BuyerProduct, mod: BuyerMod, k: number): number {
    const plan = this.products[product];
    return plan.buyerPerm.inverse(plan.buyerMods.start(mod) + k);
  }

  /** Position of a buyer inside its modifier's range. */
  modRank(product: BuyerProduct, b: number, mod: BuyerMod): number {
    const plan = this.products[product];
    return plan.buyerPerm.at(b) - plan.buyerMods.start(mod);
  }

  /** The person behind the k-th abandoned checkout of a product, and what kind they are. */
  abandoner(product: BuyerProduct, k: number): { person: number; kind: AbandonerKind } {
    const plan = this.products[product];
    const kind = plan.abandoners.labelAt(k);
    const rank = k - plan.abandoners.start(kind);
    if (kind === 'cross') {
      // Cross-sell attempts come from tagged buyers of the other product (see the constructor).
      const segment = product === 'p2p' ? 'canvaOnly' : 'p2pOnly';
      const firstTagged = this.tagGroups.get(segment)?.count('untagged') ?? 0;
      return { person: this.personOf(segment, firstTagged + rank), kind };
    }
    if (kind === 'lead') {
      // Canva attempts by Canva-tagged leads (the first ones); P2P attempts by the others.
      const withCanva = this.tagGroups.get('lead')?.count('withCanva') ?? 0;
      return { person: this.personOf('lead', product === 'canva' ? rank : withCanva + rank), kind };
    }
    const offset = product === 'p2p' ? 0 : this.products.p2p.abandoners.count('noContact');
    return { person: this.personOf('noContactAbandoner', offset + rank), kind };
  }

  isPending(product: BuyerProduct, k: number): boolean {
    const plan = this.products[product];
    return plan.pendingPerm.at(k) < plan.pending;
  }

  paidStatus(product: BuyerProduct, paidSlot: number): 'PAID' | 'SETTLED' {
    const plan = this.products[product];
    return plan.paidStatusPerm.at(paidSlot) < plan.settled ? 'SETTLED' : 'PAID';
  }

  /** Which person (and which of their contacts) fills contact slot c (slots are in time order). */
  contactSlot(c: number): ContactSlotRef {
    const role = this.contactPerm.at(c);
    if (role < this.contactPersons) return { person: role, secondary: false };
    let k = role - this.contactPersons;
    for (const kind of MESS_SEGMENTS) {
      const entry = this.messes.get(kind);
      if (!entry) continue;
      const count = entry.layout.count('secondContact');
      if (k < count) {
        const local = entry.perm.inverse(entry.layout.start('secondContact') + k);
        return { person: this.personOf(kind, local), secondary: true };
      }
      k -= count;
    }
    throw new RangeError(`contact slot ${c} has no owner`);
  }

  /** The contact slot of a person's primary contact, or null for invoice-only people. */
  primarySlot(person: number): number | null {
    return person < this.contactPersons ? this.contactPerm.inverse(person) : null;
  }

  /** A person's unique e-mail number. */
  emailNumber(person: number): number {
    return this.emailNumberPerm.at(person);
  }
}
