-- Raw source records, kept verbatim (raw JSON + content hash) with the columns the
-- reconciliation reads extracted beside them. Amounts are integer minor units (centavos).
-- A record is rewritten only when its content hash changes; revision counts those changes.
-- No secondary indexes: pulls write in id order, and an index on a randomly ordered column
-- (e-mail) would touch a different page per row. Reconciliation indexes what it reads.

CREATE TABLE raw_xendit_invoices (
  id             TEXT PRIMARY KEY,
  external_id    TEXT NOT NULL,
  status         TEXT NOT NULL,
  amount_minor   INTEGER NOT NULL,
  currency       TEXT NOT NULL,
  payer_email    TEXT,
  description    TEXT,
  payment_method TEXT,
  created_at     TEXT NOT NULL, -- ISO-8601 UTC
  updated_at     TEXT NOT NULL,
  paid_at        TEXT,
  origin         TEXT NOT NULL CHECK (origin IN ('api', 'csv')),
  raw            TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  revision       INTEGER NOT NULL DEFAULT 1,
  first_seen_at  TEXT NOT NULL,
  changed_at     TEXT NOT NULL
) STRICT;

CREATE TABLE raw_xendit_transactions (
  id                TEXT PRIMARY KEY,
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

CREATE TABLE raw_xendit_refunds (
  id            TEXT PRIMARY KEY,
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

CREATE TABLE raw_systeme_contacts (
  id                 INTEGER PRIMARY KEY,
  email              TEXT NOT NULL,
  first_name         TEXT,
  surname            TEXT,
  phone              TEXT,
  registered_at      TEXT NOT NULL, -- ISO-8601 UTC
  locale             TEXT,
  unsubscribed       INTEGER NOT NULL,
  bounced            INTEGER NOT NULL,
  needs_confirmation INTEGER NOT NULL,
  tags               TEXT NOT NULL, -- JSON array of tag names, sorted
  origin             TEXT NOT NULL CHECK (origin IN ('api', 'csv')),
  raw                TEXT NOT NULL,
  content_hash       TEXT NOT NULL,
  revision           INTEGER NOT NULL DEFAULT 1,
  first_seen_at      TEXT NOT NULL,
  changed_at         TEXT NOT NULL,
  deleted_at         TEXT -- set when a full crawl no longer finds the contact; never removed
) STRICT;

CREATE TABLE raw_systeme_tags (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  origin        TEXT NOT NULL CHECK (origin IN ('api', 'csv')),
  raw           TEXT NOT NULL,
  content_hash  TEXT NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 1,
  first_seen_at TEXT NOT NULL,
  changed_at    TEXT NOT NULL
) STRICT;

-- Records that failed their schema: kept verbatim with the reason, never dropped.
CREATE TABLE quarantine (
  id           INTEGER PRIMARY KEY,
  stream       TEXT NOT NULL,
  record_key   TEXT,
  reason       TEXT NOT NULL,
  raw          TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  UNIQUE (stream, content_hash)
) STRICT;

-- Where each stream's pull stands, written in the same transaction as each page it covers,
-- so a killed pull resumes exactly after the last page it stored.
CREATE TABLE pull_checkpoints (
  stream           TEXT PRIMARY KEY,
  status           TEXT NOT NULL CHECK (status IN ('partial', 'complete')),
  state            TEXT NOT NULL, -- JSON: crawl id, mode, cursor, counters
  updated_at       TEXT NOT NULL,
  last_complete_at TEXT,
  last_changed     INTEGER
) STRICT;

-- Ids a full crawl has seen, one row per page (a JSON array), to tell deleted records from
-- unchanged ones when the crawl completes.
CREATE TABLE crawl_seen_pages (
  stream   TEXT NOT NULL,
  crawl_id TEXT NOT NULL,
  ids      TEXT NOT NULL
) STRICT;
CREATE INDEX crawl_seen_pages_crawl ON crawl_seen_pages (stream, crawl_id);
