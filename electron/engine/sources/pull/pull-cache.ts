// What a pull reads back from the cache to plan its catch-ups: which invoices the ledger shows
// changed, where cached invoices sit in Xendit's order, and where the ledger can be entered by
// cursor when the server ignores a date filter.
import type Database from 'better-sqlite3';

export interface PullCache {
  /** Invoice ids of cached ledger rows updated at or after `since`, each with the latest such update. */
  ledgerChangedInvoices(since: string): Map<string, string>;
  /** Cached invoices among `ids`: their creation time and place in Xendit's order (newest first, from 0). */
  invoicePositions(ids: readonly string[]): Map<string, { created: string; position: number }>;
  /**
   * The newest cached ledger row created before `bound` and after the row `afterId` (where the
   * paging stands): a cursor that skips what a date filter should have left out. Null when the
   * cache knows no such row.
   */
  ledgerRowBefore(bound: string, afterId: string): string | null;
}

const INVOICE_ID = /^[0-9a-f]{24}$/;

export function pullCache(db: Database.Database): PullCache {
  return {
    ledgerChangedInvoices(since) {
      const rows = db
        .prepare("SELECT product_id AS id, max(updated_at) AS updated FROM raw_xendit_transactions WHERE updated_at >= ? AND origin = 'api' GROUP BY product_id")
        .all(since) as { id: string; updated: string }[];
      return new Map(rows.filter((r) => INVOICE_ID.test(r.id)).map((r) => [r.id, r.updated]));
    },
    invoicePositions(ids) {
      if (ids.length === 0) return new Map();
      const rows = db
        .prepare(
          `SELECT id, created_at AS created, position FROM (SELECT id, created_at, row_number() OVER (ORDER BY created_at DESC, id DESC) - 1 AS position FROM raw_xendit_invoices)
           WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .all(JSON.stringify(ids)) as { id: string; created: string; position: number }[];
      return new Map(rows.map((r) => [r.id, { created: r.created, position: r.position }]));
    },
    ledgerRowBefore(bound, afterId) {
      const from = db.prepare('SELECT created_at FROM raw_xendit_transactions WHERE id = ?').pluck().get(afterId) as string | undefined;
      if (from === undefined || from >= bound) return null;
      const row = db
        .prepare('SELECT id FROM raw_xendit_transactions WHERE created_at < ? AND created_at > ? ORDER BY created_at DESC, id DESC LIMIT 1')
        .pluck()
        .get(bound, from) as string | undefined;
      return row ?? null;
    },
  };
}
