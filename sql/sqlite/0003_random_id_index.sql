-- Xendit's transaction and refund ids are random (txn_<uuid>): as the table's key, each row of
-- a page landed on a different index page, so every page's commit rewrote about a hundred of
-- them. These tables are now keyed by arrival (seq) and get their id uniqueness from a separate
-- index, which is left out while a pull first fills the empty table and built once, sorted,
-- when that crawl ends (electron/engine/sources/ingest/first-load.ts). Invoice ids begin with
-- their creation time, so they arrive in order and stay the key.

ALTER TABLE raw_xendit_transactions RENAME TO old_xendit_transactions;
CREATE TABLE raw_xendit_transactions (
  seq               INTEGER PRIMARY KEY,
  id                TEXT NOT NULL,
  type              TEXT NOT NULL,
  status            TEXT NOT NULL,
  product_id        TEXT NOT NULL,
  reference_id      TEXT NOT NULL,
  amount_minor      INTEGER NOT NULL,
  net_amount_minor  INTEGER,
  fee_minor         INTEGER,
  currency          TEXT NOT NULL,
  cashflow          TEXT NOT NULL,
  settlement_status TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  origin            TEXT NOT NULL CHECK (origin IN ('api', 'csv')),
  raw               TEXT NOT NULL,
  content_hash      TEXT NOT NULL,
  revision          INTEGER NOT NULL DEFAULT 1,
  first_seen_at     TEXT NOT NULL,
  changed_at        TEXT NOT NULL
) STRICT;
INSERT INTO raw_xendit_transactions SELECT NULL, * FROM old_xendit_transactions ORDER BY rowid;
DROP TABLE old_xendit_transactions;
CREATE UNIQUE INDEX raw_xendit_transactions_id ON raw_xendit_transactions (id);

ALTER TABLE raw_xendit_refunds RENAME TO old_xendit_refunds;
CREATE TABLE raw_xendit_refunds (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL,
  invoice_id    TEXT,
  status        TEXT NOT NULL,
  amount_minor  INTEGER NOT NULL,
  currency      TEXT NOT NULL,
  reason        TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  origin        TEXT NOT NULL CHECK (origin IN ('api', 'csv')),
  raw           TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 1,
  first_seen_at TEXT NOT NULL,
  changed_at    TEXT NOT NULL
) STRICT;
INSERT INTO raw_xendit_refunds SELECT NULL, * FROM old_xendit_refunds ORDER BY rowid;
DROP TABLE old_xendit_refunds;
CREATE UNIQUE INDEX raw_xendit_refunds_id ON raw_xendit_refunds (id);
