// Public types of the API simulator: what a caller passes in and what it can observe.
import type {
  XenditInvoice,
  XenditRefund,
  XenditTransaction,
} from '../../../../shared/sources/xendit.ts';
import type { SystemeContact, SystemeTag } from '../../../../shared/sources/systeme.ts';

/** The records the simulator serves. The generator's output (which has more fields) fits as is. */
export interface SimulatorDataset {
  invoices: XenditInvoice[];
  transactions: XenditTransaction[];
  refunds: XenditRefund[];
  contacts: SystemeContact[];
  tags: SystemeTag[];
}

export type CollectionName = 'invoices' | 'transactions' | 'refunds' | 'contacts' | 'tags';

/** Route names, as logged in stats (path templates of the real APIs). */
export type EndpointName =
  | '/v2/invoices'
  | '/v2/invoices/:id'
  | '/transactions'
  | '/refunds'
  | '/api/contacts'
  | '/api/contacts/:id'
  | '/api/tags'
  | '/api/contact_fields';

export type ApiName = 'xendit' | 'systeme';

export interface XenditRateLimitOptions {
  /** Requests per window, per endpoint, per key. Default 60 (Xendit's Test mode). */
  limit?: number;
  /** Default 60,000 ms. */
  windowMs?: number;
  /** Also send `Retry-After` on 429 (the real API's behaviour is unconfirmed). Default false. */
  retryAfter?: boolean;
}

export interface SystemeRateLimitOptions {
  /** Bucket size. Default 60. */
  capacity?: number;
  /** Default 1 token per second. */
  refillPerSecond?: number;
}

export interface RateLimitOptions {
  /** `false` turns the Xendit limiter off. */
  xendit?: false | XenditRateLimitOptions;
  /** `false` turns the Systeme.io limiter off. */
  systeme?: false | SystemeRateLimitOptions;
}

export interface RateLimitBurst {
  /** Ordinary requests between bursts. */
  every: number;
  /** Consecutive forced 429s per burst. */
  length: number;
  /** Retry-After / reset the forced 429s announce. Default 1 second. */
  retryAfterSeconds?: number;
}

export interface FaultOptions {
  /** Seed for every fault choice. Default 1. */
  seed?: number;
  /** Fraction of requests answered with a 5xx (500, 502 or 503). */
  serverErrorRate?: number;
  /** Fraction of requests held open: never answered, or answered after `timeoutMs`. */
  timeoutRate?: number;
  /** Delay before a "timed out" request is finally answered; null = never answer. Default null. */
  timeoutMs?: number | null;
  /** Fraction of requests answered 200 with the body cut in half. */
  truncatedRate?: number;
  /**
   * `cut` (default): a well-framed response whose JSON is incomplete.
   * `drop`: announces the full Content-Length, sends half, then resets the connection.
   */
  truncatedMode?: 'cut' | 'drop';
  /** Every `every` requests, force `length` consecutive 429s. null = off. */
  rateLimitBursts?: RateLimitBurst | null;
  /** Fraction of records (chosen by seed and id, fixed) that are always served broken. */
  malformedRate?: number;
  /** Limit request faults (not malformed records) to these endpoints. Default: all. */
  endpoints?: EndpointName[] | null;
  /**
   * Ledger filters the server ignores (as one real-world emulator does): /transactions and
   * /refunds answer as if these query parameters had not been sent. Each filter on its own.
   */
  ignoredFilters?: LedgerFilter[];
}

export type LedgerFilter = 'created[gte]' | 'created[lte]' | 'updated[gte]' | 'updated[lte]';

export type ResolvedFaults = Required<FaultOptions>;

/** A scripted batch of data changes, applied once the server has served `afterRequests` requests. */
export interface MidCrawlPlan {
  afterRequests: number;
  /** PAID invoices to move to SETTLED. */
  settle?: number;
  addContacts?: number;
  deleteContacts?: number;
  retagContacts?: number;
}

export interface MidCrawlChange {
  afterRequests: number;
  settledInvoices: string[];
  addedContacts: number[];
  deletedContacts: number[];
  retaggedContacts: number[];
}

export interface SimulatorOptions {
  dataset: SimulatorDataset;
  /** Default 127.0.0.1; the simulator is a loopback-only stand-in. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Override the generated keys (Xendit keys must start with `xnd_development_`). */
  keys?: Partial<SimulatorKeys>;
  /** Clock in epoch milliseconds, for rate limits and change timestamps. Default Date.now. */
  now?: () => number;
  /** `false` disables all rate limiting (fast tests, benchmarks). Default: both on. */
  rateLimits?: false | RateLimitOptions;
  faults?: FaultOptions;
  midCrawl?: MidCrawlPlan | MidCrawlPlan[];
  /** Seed for mid-crawl choices. Default 1. */
  seed?: number;
}

export interface SimulatorKeys {
  xendit: string;
  systeme: string;
}

export type FaultKind =
  | 'server_error'
  | 'timeout'
  | 'truncated'
  | 'rate_limit_burst';

export interface ServedPage {
  endpoint: EndpointName;
  /** The cursor the request carried (last_invoice[_id], after_id/before_id, startingAfter). */
  cursor: string | null;
  /** Raw query string, for telling pages with the same cursor but other filters apart. */
  query: string;
  /** Records in the body (0 for errors). */
  count: number;
  /** HTTP status; 0 when the request was held and never answered. */
  status: number;
  fault: FaultKind | null;
}

export interface SimulatorStats {
  total: number;
  byEndpoint: Partial<Record<EndpointName | 'unknown', number>>;
  byStatus: Record<string, number>;
  pages: ServedPage[];
}

export interface MalformedIds {
  invoices: string[];
  transactions: string[];
  refunds: string[];
  contacts: number[];
  tags: number[];
}

/** A contact to add; the id is assigned (max id + 1) when omitted, as Systeme.io would. */
export type NewContact = {
  // A key-remapping mapped type, not Omit: Omit flattens the loose object's index signature and
  // would lose every named field.
  [K in keyof SystemeContact as K extends 'id' ? never : K]: SystemeContact[K];
} & { id?: number };

// A type alias (not an interface) so it is assignable to the loose `{id, name}` tag objects.
export type TagRef = {
  id: number;
  name: string;
};

export interface Simulator {
  /** Base URL for both APIs (same origin): `${url}/v2/invoices`, `${url}/api/contacts`. */
  readonly url: string;
  readonly port: number;
  readonly keys: SimulatorKeys;
  /** Stops listening and destroys every open socket, including held ("timed out") requests. */
  close(): Promise<void>;

  stats(): SimulatorStats;
  resetStats(): void;

  faults(): ResolvedFaults;
  /** Merges into the current fault settings; takes effect on the next request. */
  setFaults(patch: FaultOptions): void;
  malformedIds(): MalformedIds;

  settleInvoice(id: string): XenditInvoice;
  addInvoice(invoice: XenditInvoice): void;
  updateInvoice(id: string, patch: Partial<XenditInvoice>): XenditInvoice;
  addContact(contact: NewContact): SystemeContact;
  deleteContact(id: number): boolean;
  retagContact(id: number, tags: ReadonlyArray<number | TagRef>): SystemeContact;

  /** Changes applied by `midCrawl` plans so far. */
  midCrawlChanges(): MidCrawlChange[];
  /** A deep copy of the current data, in the order the APIs serve it (before malformation). */
  snapshot(): SimulatorDataset;
}
