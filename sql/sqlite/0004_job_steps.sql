-- Jobs gain a queued state (waiting for a resource lock), the time they were asked for, their
-- steps, and what a queued job waits for. SQLite cannot change a CHECK in place: the table is
-- rebuilt (migrations run with foreign keys off and check them after).
CREATE TABLE jobs_new (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  label       TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  queued_at   TEXT NOT NULL,
  started_at  TEXT,
  finished_at TEXT,
  progress    TEXT NOT NULL,
  parts       TEXT NOT NULL,
  steps       TEXT NOT NULL DEFAULT '[]',
  waiting_for TEXT,
  result      TEXT,
  error       TEXT
) STRICT;

INSERT INTO jobs_new (id, kind, label, state, queued_at, started_at, finished_at, progress, parts, result, error)
  SELECT id, kind, label, state, started_at, started_at, finished_at, progress, parts, result, error FROM jobs;

DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_queued ON jobs (queued_at DESC);
