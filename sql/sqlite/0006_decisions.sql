-- The reconciliation's durable state: the append-only decision log. Everything else the
-- reconciliation keeps (people, findings, the plan) is derived from the cache and this log, is
-- rebuilt by a full recompute, and lives in tables the engine creates itself
-- (sql/sqlite/reconcile/derived.sql).

-- One row per reviewer action: a batch of decisions, an import, an undo or a redo. Undo and redo
-- name the action they act on; nothing is ever updated or deleted.
CREATE TABLE recon_actions (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('decide', 'import', 'undo', 'redo')),
  ref_action TEXT REFERENCES recon_actions (id),
  reviewer   TEXT NOT NULL,
  at         TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
) STRICT;

-- One row per decision. target_key names what it is about: of two active decisions on the same
-- target, the later one is in force. before/after/target are JSON.
CREATE TABLE recon_decisions (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL UNIQUE,
  action_id  TEXT NOT NULL REFERENCES recon_actions (id),
  kind       TEXT NOT NULL,
  target_key TEXT NOT NULL,
  target     TEXT NOT NULL,
  before     TEXT NOT NULL,
  after      TEXT NOT NULL,
  reason     TEXT NOT NULL,
  reviewer   TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  origin     TEXT NOT NULL
) STRICT;
CREATE INDEX recon_decisions_target ON recon_decisions (target_key, seq);
CREATE INDEX recon_decisions_action ON recon_decisions (action_id);

-- Facts about the derived state: when it was computed, from which log position, whether a
-- change (a catalog edit) waits for a full recompute.
CREATE TABLE recon_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
