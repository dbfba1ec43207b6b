-- The reconciliation's derived tables: everything here is rebuilt from the cache and the
-- decision log by a full recompute, and updated person by person by each decision. Indexes are
-- in lookup-indexes.sql (what the per-person reads need) and grid-indexes.sql (the grids, and
-- the ids of the tables written in person order: a full recompute builds those after the rows
-- are in, since a sorted build beats random inserts).

-- Every live source record (contacts not deleted, invoices), with its keys. rid: 'c:<id>' / 'i:<id>'.
CREATE TABLE recon_records (
  rid           TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,           -- contact | invoice
  source_id     TEXT NOT NULL,
  email         TEXT,                    -- as the source has it, or as a decision fixed it
  email_key     TEXT NOT NULL,           -- trimmed, lower-case; '' when empty
  email_problem TEXT,                    -- why it cannot be an auth user's address; null when fine
  sub_key       TEXT NOT NULL,           -- the looser mailbox key (suggestions only)
  letters       TEXT NOT NULL,           -- the local part's letters
  digits        TEXT NOT NULL,           -- the local part's digits
  first_name    TEXT,
  last_name     TEXT,
  phone         TEXT,                    -- as given
  phone_key     TEXT,                    -- its last ten digits
  tags          TEXT NOT NULL,           -- contacts: JSON array, sorted
  at            TEXT NOT NULL,           -- registered (contacts) or created (invoices), UTC
  key           TEXT NOT NULL,           -- what it clusters on: email_key, or '#'||rid (no usable address, or split off)
  person_id     TEXT NOT NULL,           -- the smallest key of its cluster
  test_rule     TEXT,                    -- the account test rule it hits
  test_override INTEGER,                 -- 1/0 from a mark-test decision
  excluded      INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Every invoice as a payment: its product, price check and test flags.
CREATE TABLE recon_payments (
  rid                TEXT PRIMARY KEY,
  invoice_id         TEXT NOT NULL,
  person_id          TEXT NOT NULL,
  external_id        TEXT NOT NULL,
  email              TEXT,
  description        TEXT,
  product            TEXT NOT NULL,
  product_rule       TEXT NOT NULL,      -- the catalog rule that matched, 'fallback', or 'decision'
  status             TEXT NOT NULL,
  meaning            TEXT NOT NULL,      -- paid | pending | expired
  amount_minor       INTEGER NOT NULL,
  expected_minor     INTEGER,            -- the list price (or the items' total); null when none
  currency           TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  paid_at            TEXT,
  month              TEXT NOT NULL,      -- of created_at, in the workspace zone
  paid_month         TEXT,
  payment_method     TEXT,
  expires_at         TEXT,
  test_rule          TEXT,               -- the payment test rule it hits
  test_override      INTEGER,
  excluded           INTEGER NOT NULL DEFAULT 0,
  is_test            INTEGER NOT NULL DEFAULT 0, -- final: its rule, its person, or a decision
  refunded_minor     INTEGER NOT NULL DEFAULT 0,
  charged_back_minor INTEGER NOT NULL DEFAULT 0,
  in_plan            INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Money going back: refunds (from /refunds) and chargebacks (from /transactions).
CREATE TABLE recon_ledger (
  id           TEXT PRIMARY KEY,         -- 'r:<refund id>' | 't:<transaction id>'
  kind         TEXT NOT NULL,            -- refund | chargeback
  rid          TEXT NOT NULL,            -- the invoice
  person_id    TEXT NOT NULL,
  status       TEXT NOT NULL,
  succeeded    INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  at           TEXT NOT NULL,
  month        TEXT NOT NULL,
  reason       TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE recon_people (
  person_id        TEXT PRIMARY KEY,
  name             TEXT,
  email            TEXT,
  email_problem    TEXT,
  status           TEXT NOT NULL,
  contacts         INTEGER NOT NULL,
  invoices         INTEGER NOT NULL,
  paid             INTEGER NOT NULL,
  paid_minor       INTEGER NOT NULL,
  products         TEXT NOT NULL,
  tags             TEXT NOT NULL,
  lead_tag         TEXT,
  registered_month TEXT,
  first_at         TEXT NOT NULL,
  user_id          TEXT,
  open_findings    INTEGER NOT NULL,
  suggestions      INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE TABLE recon_findings (
  id           TEXT NOT NULL,
  queue        TEXT NOT NULL,
  status       TEXT NOT NULL,            -- open | approved | rejected
  severity     TEXT NOT NULL,
  rule         TEXT NOT NULL,
  summary      TEXT NOT NULL,
  proposal     TEXT NOT NULL,
  applies      INTEGER NOT NULL,
  person_id    TEXT,
  email        TEXT,
  product      TEXT,
  month        TEXT,
  amount_minor INTEGER,
  records      TEXT NOT NULL,            -- JSON array of record ids
  detail       TEXT NOT NULL,            -- JSON object
  fingerprint  TEXT NOT NULL,            -- what a resolution of it assumed
  decision_id  TEXT,
  decided_by   TEXT,
  decided_at   TEXT
) STRICT;

CREATE TABLE recon_suggestions (
  id          TEXT PRIMARY KEY,          -- person_a || '~' || person_b
  person_a    TEXT NOT NULL,
  person_b    TEXT NOT NULL,
  rule        TEXT NOT NULL,
  score       REAL NOT NULL,
  likely      INTEGER NOT NULL,
  fields      TEXT NOT NULL,
  explanation TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The decisions in force, as the pipeline reads them; stale_reason set when one cannot apply.
CREATE TABLE recon_overrides (
  rid          TEXT NOT NULL,
  field        TEXT NOT NULL,            -- email | first_name | last_name | phone | split | test | exclude | product
  value        TEXT,
  basis        TEXT,                     -- the source value the decision assumed (edits only), JSON
  decision_id  TEXT NOT NULL,
  stale_reason TEXT,
  PRIMARY KEY (rid, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE recon_links (
  kind         TEXT NOT NULL,            -- merge | decline
  a            TEXT NOT NULL,
  b            TEXT NOT NULL,
  decision_id  TEXT NOT NULL,
  stale_reason TEXT,
  PRIMARY KEY (a, b)
) STRICT, WITHOUT ROWID;

CREATE TABLE recon_resolutions (
  finding_id   TEXT PRIMARY KEY,
  value        TEXT NOT NULL,            -- approve | reject
  basis        TEXT NOT NULL,            -- the finding's fingerprint when decided
  decision_id  TEXT NOT NULL,
  reviewer     TEXT NOT NULL,
  decided_at   TEXT NOT NULL,
  stale_reason TEXT
) STRICT, WITHOUT ROWID;

-- Every decision's state: in force, superseded by a later one on its target, undone, or stale.
CREATE TABLE recon_decision_state (
  decision_id  TEXT PRIMARY KEY,
  state        TEXT NOT NULL,
  stale_reason TEXT
) STRICT, WITHOUT ROWID;

-- Which decisions shaped which person (for the plan rows' traceability).
CREATE TABLE recon_person_decisions (
  person_id   TEXT NOT NULL,
  decision_id TEXT NOT NULL,
  PRIMARY KEY (person_id, decision_id)
) STRICT, WITHOUT ROWID;

-- The approved plan, one table per target table. sources/decisions: JSON arrays (traceability).
CREATE TABLE plan_auth_users (
  id         TEXT NOT NULL,
  person_id  TEXT NOT NULL,
  email      TEXT NOT NULL,
  first_name TEXT,
  last_name  TEXT,
  created_at TEXT NOT NULL,
  sources    TEXT NOT NULL,
  decisions  TEXT NOT NULL
) STRICT;

CREATE TABLE plan_profiles (
  id                 TEXT NOT NULL,
  person_id          TEXT NOT NULL,
  email              TEXT NOT NULL,
  first_name         TEXT,
  last_name          TEXT,
  phone              TEXT,
  tags               TEXT NOT NULL,
  acquisition_source TEXT,
  status             TEXT NOT NULL,
  is_student         INTEGER NOT NULL,
  created_at         TEXT NOT NULL,
  sources            TEXT NOT NULL,
  decisions          TEXT NOT NULL
) STRICT;

CREATE TABLE plan_transactions (
  id               TEXT NOT NULL,
  person_id        TEXT NOT NULL,
  rid              TEXT,                 -- the invoice (null for a manual payment)
  user_id          TEXT,
  external_id      TEXT NOT NULL,
  amount_minor     INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  status           TEXT NOT NULL,
  transaction_type TEXT NOT NULL,
  product          TEXT NOT NULL,
  payment_method   TEXT,
  contact_email    TEXT,
  metadata         TEXT NOT NULL,
  paid_at          TEXT,
  created_at       TEXT NOT NULL,
  month            TEXT NOT NULL,
  paid_month       TEXT NOT NULL,
  sources          TEXT NOT NULL,
  decisions        TEXT NOT NULL
) STRICT;

CREATE TABLE plan_enrollments (
  id             TEXT NOT NULL,
  person_id      TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  course_id      TEXT NOT NULL,
  transaction_id TEXT,
  status         TEXT NOT NULL,
  enrolled_at    TEXT NOT NULL,
  sources        TEXT NOT NULL,
  decisions      TEXT NOT NULL
) STRICT;

-- No source carries affiliate data: affiliates come from production (the target copies them).
CREATE TABLE plan_affiliates (
  id        TEXT NOT NULL,
  person_id TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  sources   TEXT NOT NULL,
  decisions TEXT NOT NULL
) STRICT;
