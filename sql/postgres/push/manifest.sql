-- One row: which plan this staging holds (columns as in electron/engine/target/staging-layout.ts).
CREATE TABLE cutover_staging.push_manifest (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  plan_sha256 text NOT NULL,
  pushed_at timestamptz NOT NULL DEFAULT now(),
  tables jsonb NOT NULL,
  owned_columns jsonb NOT NULL,
  approved_by text NOT NULL,
  approved_at timestamptz NOT NULL,
  workspace text NOT NULL,
  row_origins jsonb NOT NULL,
  control_totals jsonb NOT NULL,
  validation jsonb NOT NULL
);
