-- The reviewer's sign-offs of the plan (the Approve step), append-only: a sign-off, or the
-- withdrawal of one. Whether the latest still holds is computed on reading: a decision action
-- or a pull/CSV import after it invalidates it.
CREATE TABLE approvals (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('sign', 'revoke')),
  reviewer      TEXT NOT NULL,
  at            TEXT NOT NULL,
  note          TEXT NOT NULL,
  plan_sha256   TEXT NOT NULL,
  plan_rows     INTEGER NOT NULL,
  amount_minor  INTEGER NOT NULL,
  -- The decision log's last action when signed: a later one invalidates the sign-off.
  action_seq    INTEGER NOT NULL
) STRICT;
