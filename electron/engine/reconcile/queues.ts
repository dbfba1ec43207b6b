// The finding queues: what each is, what approving or rejecting an item does, what happens to an
// item nobody decided, and how much it matters for the approval.
import type { QueueId, Severity } from '../../../shared/api/reconcile.ts';

export interface QueueDef {
  id: QueueId;
  title: string;
  description: string;
  approveMeans: string;
  rejectMeans: string;
  undecidedMeans: string;
  severity: Severity;
  /** Whether an undecided item's proposal shapes the plan. */
  defaultApplies: boolean;
}

export const queueDefs: readonly QueueDef[] = [
  {
    id: 'duplicate-people',
    title: 'Duplicate people',
    description: 'Records a looser key links (Gmail dots and +tags, the same number and name in two addresses, the same phone, two payer e-mails on one external id). Nothing is merged without a decision.',
    approveMeans: 'Merge: one person, one account.',
    rejectMeans: 'Keep apart; the pair is never suggested again.',
    undecidedMeans: 'They stay two people.',
    severity: 'warn',
    defaultApplies: false,
  },
  {
    id: 'duplicate-payments',
    title: 'Duplicate payments',
    description: 'One person paid twice for a product bought once.',
    approveMeans: 'Keep every payment as a transaction (the money was received); one enrollment.',
    rejectMeans: 'Leave the later payments out of the plan (refund them in Xendit).',
    undecidedMeans: 'Every payment is kept.',
    severity: 'warn',
    defaultApplies: true,
  },
  {
    id: 'manual-p2p',
    title: 'Manual payments',
    description: 'Contacts tagged as buyers (PaidP2P, Imported) whose person has no paid invoice for the course: they paid outside Xendit.',
    approveMeans: 'Add the manual payment at its catalog price (₱800), with the account and the enrollment.',
    rejectMeans: 'Not a buyer: no transaction, no account.',
    undecidedMeans: 'Left out of the plan until decided (blocks the approval).',
    severity: 'error',
    defaultApplies: false,
  },
  {
    id: 'paid-without-tag',
    title: 'Paid without the buyer tag',
    description: "A person paid for a product but none of their contacts carries the product's buyer tag.",
    approveMeans: 'Add the buyer tag to the profile.',
    rejectMeans: 'Leave the tags as the contacts have them.',
    undecidedMeans: 'The payment counts; the tag is not added.',
    severity: 'warn',
    defaultApplies: false,
  },
  {
    id: 'canva-p2p-overlap',
    title: 'Canva and P2P buyers',
    description: 'People who bought both the course and the ebook.',
    approveMeans: 'One account with both transactions; only the course enrolls.',
    rejectMeans: 'Noted; split the records if they are two people.',
    undecidedMeans: 'One account with both transactions.',
    severity: 'info',
    defaultApplies: true,
  },
  {
    id: 'unknown-product',
    title: 'Unknown products',
    description: 'Invoices no catalog rule recognises.',
    approveMeans: 'Keep it under the fallback product (or set its product).',
    rejectMeans: 'Leave the invoice out of the plan.',
    undecidedMeans: 'Kept under the fallback product.',
    severity: 'warn',
    defaultApplies: true,
  },
  {
    id: 'off-price',
    title: 'Amounts off the price list',
    description: "Paid amounts that differ from the product's price on the invoice's day (or from the items' total).",
    approveMeans: 'Keep the real amount (revenue is always the real amount).',
    rejectMeans: 'Leave the invoice out of the plan.',
    undecidedMeans: 'The real amount is kept.',
    severity: 'warn',
    defaultApplies: true,
  },
  {
    id: 'test-account',
    title: 'Test accounts',
    description: 'People the test rules mark (staff and @example.com addresses, "test" in the address, the TestTag tag).',
    approveMeans: 'Leave the person and their payments out of the plan.',
    rejectMeans: 'Not a test: migrate them.',
    undecidedMeans: 'Left out as a test.',
    severity: 'warn',
    defaultApplies: true,
  },
  {
    id: 'test-payment',
    title: 'Test payments',
    description: 'Invoices the payment test rules mark (test external ids, test descriptions, metadata.isTest).',
    approveMeans: 'Leave the payment out of the plan and the revenue.',
    rejectMeans: 'Not a test: migrate it.',
    undecidedMeans: 'Left out as a test.',
    severity: 'info',
    defaultApplies: true,
  },
  {
    id: 'refund',
    title: 'Refunds',
    description: 'Refunds against paid invoices.',
    approveMeans: 'Net the refund from revenue; a full refund marks the transaction refunded.',
    rejectMeans: 'Do not net it.',
    undecidedMeans: 'Succeeded refunds are netted; failed ones change nothing.',
    severity: 'info',
    defaultApplies: true,
  },
  {
    id: 'chargeback',
    title: 'Chargebacks',
    description: 'Payments the buyer disputed and took back.',
    approveMeans: 'Net it from revenue; the transaction is marked refunded.',
    rejectMeans: 'Do not net it.',
    undecidedMeans: 'Netted.',
    severity: 'warn',
    defaultApplies: true,
  },
  {
    id: 'invalid-email',
    title: 'Invalid e-mails',
    description: 'Addresses that cannot become an auth user or pass the profiles\' e-mail CHECK (empty, no @, a space inside).',
    approveMeans: 'Apply the proposed fix (an edit of the e-mail, recorded as a decision).',
    rejectMeans: 'Leave it; the person gets no account from this address.',
    undecidedMeans: 'The address is not used for an account.',
    severity: 'warn',
    defaultApplies: false,
  },
  {
    id: 'quarantined',
    title: 'Quarantined records',
    description: 'Source records that failed their schema, kept verbatim with the reason.',
    approveMeans: 'Acknowledged: left out (fix them at the source and pull again).',
    rejectMeans: 'Acknowledged: left out.',
    undecidedMeans: 'Left out.',
    severity: 'warn',
    defaultApplies: true,
  },
  {
    id: 'leads',
    title: 'Leads',
    description: 'People with a contact and no purchase: counted and attributed in the funnel, not migrated as customers.',
    approveMeans: '—',
    rejectMeans: '—',
    undecidedMeans: 'Counted in the funnel.',
    severity: 'info',
    defaultApplies: true,
  },
];

export const queueDef = new Map(queueDefs.map((q) => [q.id, q]));
