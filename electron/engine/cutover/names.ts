// The names the cutover gives what it creates in the target, in one place: its own schema (the
// history), the schema each swap parks the tables it replaces in, and the advisory lock that keeps
// it to one cutover at a time. Every name fits PostgreSQL's 63 bytes by construction.
import { randomBytes } from 'node:crypto';
import { MAX_IDENTIFIER_BYTES } from '../pg/quote.ts';

/** Holds the history of cutovers and rollbacks and what each did to auth.users. */
export const ADMIN_SCHEMA = 'cutover_admin';
export const HISTORY_TABLE = 'history';
export const AUTH_CHANGES_TABLE = 'auth_changes';
/** The rows production's triggers on auth.users wrote into the swapped tables as a cutover added its users. */
export const TRIGGER_ROWS_TABLE = 'trigger_rows';

/** One cutover (or rollback) at a time on a database: pg_advisory_xact_lock(hashtext(this)). */
export const ADVISORY_LOCK_KEY = 'cutover: one swap at a time';

/** Where a cutover parks production's tables (its backup) and a rollback parks the cutover's. */
export const BACKUP_PREFIX = 'cutover_backup_';
export const ROLLED_BACK_PREFIX = 'cutover_rolledback_';

/** The nil instance GoTrue looks users up in (research/supabase.md §1). */
export const GOTRUE_INSTANCE = '00000000-0000-0000-0000-000000000000';

/**
 * A new schema name, unique per swap: prefix + UTC time to the second + 6 random hex digits,
 * e.g. cutover_backup_20261202_112337_a1b2c3 (36 bytes).
 */
export function parkSchemaName(prefix: string, at: Date = new Date(), random: () => string = () => randomBytes(3).toString('hex')): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const name = `${prefix}${stamp}_${random()}`;
  if (!/^[a-z0-9_]+$/.test(name) || Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) throw new Error(`not a usable schema name: ${name}`);
  return name;
}

/** A temporary name for an object being renamed through a name another object still holds. */
export function temporaryName(n: number): string {
  return `cutover_tmp_${n}`;
}
