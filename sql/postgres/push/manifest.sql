-- $1 the manifest as jsonb. One row: which plan this staging holds (see staging-layout.ts).
CREATE TABLE cutover_staging.push_manifest (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  plan_sha256 text NOT NULL,
  approved_by text NOT NULL,
  approved_at timestamptz NOT NULL,
  pushed_at timestamptz NOT NULL DEFAULT now(),
  workspace text NOT NULL,
  tables jsonb NOT NULL,
  control_totals jsonb NOT NULL,
  validation jsonb NOT NULL
);
