-- The workspace's own bookkeeping: facts about the workspace, settings, and job history.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Operator settings as JSON values (time zone, source base URLs). Never secrets.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  label       TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  progress    TEXT NOT NULL,
  parts       TEXT NOT NULL,
  result      TEXT,
  error       TEXT
) STRICT;

CREATE INDEX jobs_started ON jobs (started_at DESC);
