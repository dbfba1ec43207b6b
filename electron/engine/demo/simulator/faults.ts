// Injectable faults. Two kinds, chosen differently on purpose:
// - request faults (5xx, held requests, truncated bodies, forced 429 bursts) are drawn from a seeded
//   stream, one draw per request, so a given request sequence always fails the same way;
// - malformed records are chosen by hashing (seed, collection, id), so the same records are broken
//   on every page, every crawl and every retry: a retry can never "fix" a bad record, exactly like
//   bad data at the source.
import { hashLabel, Rng } from '../generator/random.ts';
import type {
  CollectionName,
  EndpointName,
  FaultKind,
  FaultOptions,
  ResolvedFaults,
} from './types.ts';

export const defaultFaults: ResolvedFaults = {
  seed: 1,
  serverErrorRate: 0,
  timeoutRate: 0,
  timeoutMs: null,
  truncatedRate: 0,
  truncatedMode: 'cut',
  rateLimitBursts: null,
  malformedRate: 0,
  endpoints: null,
  ignoredFilters: [],
};

export type RequestFault =
  | { kind: 'none' }
  | { kind: 'rate_limit_burst'; retryAfterSeconds: number }
  | { kind: 'server_error'; status: 500 | 502 | 503 }
  | { kind: 'timeout'; delayMs: number | null }
  | { kind: 'truncated'; mode: 'cut' | 'drop' };

export function faultKindOf(fault: RequestFault): FaultKind | null {
  return fault.kind === 'none' ? null : fault.kind;
}

/** A stateless hash of a record's identity to [0, 1), so the same records break whatever the request order. */
function unitHash(text: string): number {
  return hashLabel(text) / 4294967296;
}

function clampRate(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

export class FaultInjector {
  private settings: ResolvedFaults;
  private random: Rng;
  private burstCounter = 0;

  constructor(options: FaultOptions | undefined) {
    this.settings = { ...defaultFaults, ...options };
    this.random = new Rng(this.settings.seed);
  }

  get current(): ResolvedFaults {
    return { ...this.settings };
  }

  /** Applies a patch; returns true when the set of malformed records may have changed. */
  update(patch: FaultOptions): boolean {
    const before = this.settings;
    this.settings = { ...before, ...patch };
    if (patch.seed !== undefined && patch.seed !== before.seed) {
      this.random = new Rng(this.settings.seed);
    }
    if (patch.rateLimitBursts !== undefined) this.burstCounter = 0;
    return (
      this.settings.seed !== before.seed || this.settings.malformedRate !== before.malformedRate
    );
  }

  /** Decides the fate of one request. Call once per request that passed authentication. */
  decide(endpoint: EndpointName): RequestFault {
    const s = this.settings;
    if (s.endpoints && !s.endpoints.includes(endpoint)) return { kind: 'none' };

    // Bursts are counted, not drawn: "every N requests, K 429s" must be exact for tests.
    const burst = s.rateLimitBursts;
    if (burst && burst.every >= 0 && burst.length > 0) {
      const position = this.burstCounter % (burst.every + burst.length);
      this.burstCounter++;
      if (position >= burst.every) {
        return { kind: 'rate_limit_burst', retryAfterSeconds: burst.retryAfterSeconds ?? 1 };
      }
    }

    // Always two draws per request, whatever the outcome, so changing one rate at run time does
    // not shift which later requests the other fault kinds hit.
    const roll = this.random.next();
    const pick = this.random.next();
    const serverError = clampRate(s.serverErrorRate);
    const timeout = clampRate(s.timeoutRate);
    const truncated = clampRate(s.truncatedRate);
    if (roll < serverError) {
      const statuses = [500, 502, 503] as const;
      return { kind: 'server_error', status: statuses[Math.floor(pick * 3)] ?? 500 };
    }
    if (roll < serverError + timeout) return { kind: 'timeout', delayMs: s.timeoutMs };
    if (roll < serverError + timeout + truncated) {
      return { kind: 'truncated', mode: s.truncatedMode };
    }
    return { kind: 'none' };
  }

  /** The breakage a record gets, or null when it is served intact. Stable per (seed, id). */
  malformedKind(collection: CollectionName, id: string | number): MalformedKind | null {
    const rate = clampRate(this.settings.malformedRate);
    if (rate === 0) return null;
    const key = `${this.settings.seed}|${collection}|${String(id)}`;
    if (unitHash(key) >= rate) return null;
    const kinds = malformedKinds[collection];
    return kinds[Math.floor(unitHash(`${key}|kind`) * kinds.length)] ?? kinds[0] ?? null;
  }
}

/**
 * Ways a record is broken. Each makes the record fail its zod schema in shared/sources while
 * keeping it a JSON object. Cursor ids stay usable where clients page by them (transactions,
 * refunds); invoices can lose their id entirely, which a robust client must survive.
 */
export type MalformedKind =
  | 'missing_id'
  | 'bad_status'
  | 'amount_string'
  | 'bad_created'
  | 'id_string'
  | 'bad_registered_at'
  | 'flag_string'
  | 'bad_created_at';

const malformedKinds: Record<CollectionName, readonly MalformedKind[]> = {
  invoices: ['missing_id', 'bad_status', 'amount_string', 'bad_created'],
  transactions: ['bad_status', 'amount_string', 'bad_created'],
  refunds: ['bad_status', 'amount_string'],
  contacts: ['id_string', 'bad_registered_at', 'flag_string'],
  tags: ['id_string', 'bad_created_at'],
};

/** Returns a broken copy of the record (never mutates the stored one). */
export function breakRecord(record: object, kind: MalformedKind): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  switch (kind) {
    case 'missing_id':
      delete copy.id;
      break;
    case 'bad_status':
      copy.status = 'WEIRD';
      break;
    case 'amount_string':
      copy.amount = typeof copy.amount === 'number' ? copy.amount.toFixed(2) : 'NaN';
      break;
    case 'bad_created':
      copy.created = 'yesterday';
      break;
    case 'id_string':
      copy.id = String(copy.id);
      break;
    case 'bad_registered_at':
      copy.registeredAt = 'not a date';
      break;
    case 'flag_string':
      copy.unsubscribed = copy.unsubscribed ? 'yes' : 'no';
      break;
    case 'bad_created_at':
      copy.createdAt = '31/12/2024';
      break;
  }
  return copy;
}
