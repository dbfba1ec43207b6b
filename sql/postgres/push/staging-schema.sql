-- The staging schema (names as in electron/engine/target/staging-layout.ts): private to the
-- role that pushes; nobody else gets USAGE, so the staged tables' grants (copied from
-- production) give nothing until the cutover moves them.
CREATE SCHEMA IF NOT EXISTS cutover_staging;
REVOKE ALL ON SCHEMA cutover_staging FROM PUBLIC;
