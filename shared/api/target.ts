// The target Postgres: connecting (or starting the demo production), its inventory, the column
// ownership of the staged tables, and the push of the approved plan into staging with its
// validation. Failures are CutoverErrors with code TARGET_FAILED; the message says which way a
// connection failed (DNS, refused, TLS, auth, version, privileges, timeout) and never carries the
// password.
import { z } from 'zod';
import { jobProcedure, mutation, query } from './define.ts';
import { jobKind } from './job-parts.ts';

export const SslMode = z.enum(['disable', 'require', 'verify-ca', 'verify-full']);

export const TargetConnectInput = z
  .object({
    /** postgres://user:password@host:5432/db?sslmode=…; the password is kept apart (secret store), never stored in the cache or echoed. */
    url: z.string().min(1).max(4096),
    /** PEM file of the server's CA, for verify-ca / verify-full. */
    caFile: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type TargetConnectInput = z.infer<typeof TargetConnectInput>;

export const TargetMode = z.enum(['none', 'demo', 'live']);
export type TargetMode = z.infer<typeof TargetMode>;

export const TargetStatus = z.object({
  mode: TargetMode,
  /** user@host:port/database, never with the password. */
  target: z.string().nullable(),
  serverVersion: z.string().nullable(),
  major: z.number().int().nullable(),
  currentUser: z.string().nullable(),
  tls: z.boolean(),
  /** What the role cannot do that the push and cutover need, in words. */
  missingPrivileges: z.array(z.string()),
  /** When the connection was last checked. */
  checkedAt: z.string().nullable(),
  /** Whether a live target's password is held for this session (it is never shown). */
  hasPassword: z.boolean(),
});
export type TargetStatus = z.infer<typeof TargetStatus>;

export const DemoTargetInput = z
  .object({
    /** Default: the demo workspace's own scale and seed, so production matches the sources. */
    scale: z.number().min(0.001).max(50).optional(),
    seed: z.number().int().min(0).max(2 ** 31).optional(),
  })
  .strict();

/** How each column of a staged table gets its value. */
export const ColumnOwnership = z.object({
  column: z.string(),
  type: z.string(),
  /** plan: from the sources (the migration owns it); production: copied from the existing row (new rows get the default); generated: computed by the table. */
  owner: z.enum(['plan', 'production', 'generated']),
  /** For production-owned columns: what a new row gets. */
  newRows: z.string().nullable(),
});

export const TableOwnership = z.object({
  table: z.string(),
  /** How a plan row finds its existing production row (whose key it then keeps). */
  matchedBy: z.string(),
  columns: z.array(ColumnOwnership),
  note: z.string(),
});
export type TableOwnership = z.infer<typeof TableOwnership>;

export const CheckSeverity = z.enum(['error', 'warn']);

export const ValidationCheck = z.object({
  /** Stable name, e.g. 'foreign-keys:enrollments'. */
  id: z.string(),
  check: z.string(),
  label: z.string(),
  table: z.string().nullable(),
  severity: CheckSeverity,
  passed: z.boolean(),
  /** Rows (or groups) that fail it. */
  failed: z.number().int().nonnegative(),
  /** What it checks, and for a failure what it found. */
  detail: z.string(),
  /** Up to 50 failing rows with their keys. */
  samples: z.array(z.record(z.string(), z.unknown())),
});
export type ValidationCheck = z.infer<typeof ValidationCheck>;

export const ValidationReport = z.object({
  at: z.string(),
  /** No error-severity check failed: the cutover may proceed. */
  passed: z.boolean(),
  errors: z.number().int(),
  warnings: z.number().int(),
  checks: z.array(ValidationCheck),
  /** The HTML report in the workspace folder. */
  reportFile: z.string().nullable(),
});
export type ValidationReport = z.infer<typeof ValidationReport>;

export const PushTableResult = z.object({
  table: z.string(),
  /** Rows in the staged table. */
  rows: z.number().int(),
  /** Plan rows that matched an existing production row (its key and production-owned columns kept). */
  matched: z.number().int(),
  /** Plan rows new to production. */
  added: z.number().int(),
  /** Production rows no plan row covers, kept as they are. */
  kept: z.number().int(),
});

export const PushResult = z.object({
  /** pushed: staging holds the plan; rejected: validation found errors, staging was left as it was before. */
  outcome: z.enum(['pushed', 'rejected']),
  target: z.string(),
  planSha256: z.string(),
  tables: z.array(PushTableResult),
  authUsers: z.object({ added: z.number().int(), kept: z.number().int(), identities: z.number().int() }),
  captureTriggers: z.array(z.string()),
  validation: ValidationReport,
  timings: z.object({
    totalMs: z.number(),
    copyMs: z.number(),
    copyRows: z.number().int(),
    /** How long production's swapped tables refused writes (reads go on): from the capture triggers to COMMIT. */
    writeFreezeMs: z.number(),
  }),
});
export type PushResult = z.infer<typeof PushResult>;

export const pushTables = ['auth_users', 'unified_profiles', 'transactions', 'enrollments', 'affiliates'] as const;

export const pushJob = jobKind({
  kind: 'push',
  label: 'Push to staging',
  unit: 'rows',
  result: PushResult,
  parts: pushTables,
  steps: [
    { id: 'prepare', label: 'Check the plan and the target' },
    { id: 'load', label: 'Load the plan (COPY)' },
    { id: 'merge', label: 'Merge with production and start change capture' },
    { id: 'validate', label: 'Validate in the target' },
    { id: 'finish', label: 'Constraints, indexes and commit' },
  ],
});

export const PushStatus = z.object({
  target: TargetStatus,
  /** Why a push cannot start now, or null. */
  cannotPush: z.string().nullable(),
  /** The last push's result (pushed or rejected), from this workspace. */
  last: PushResult.extend({ at: z.string(), jobId: z.string() }).nullable(),
});
export type PushStatus = z.infer<typeof PushStatus>;

const empty = z.object({}).strict();

export const targetProcedures = {
  'target-connect': mutation({
    input: TargetConnectInput,
    output: TargetStatus,
    writes: ['target'],
    summary: 'Connect to the target Postgres and check its version and privileges (the password is kept for the session, or in the OS keychain, never in the cache).',
  }),
  'target-demo-start': mutation({
    input: DemoTargetInput,
    output: TargetStatus,
    writes: ['target'],
    summary: "Start the demo workspace's production database (installed on first start) and make it the target.",
  }),
  'target-status': query({ input: empty, output: TargetStatus, reads: ['target'], summary: 'What the engine is connected to (no network).' }),
  // The inventory mirrors electron/engine/target/introspect/inventory.ts; unchecked here.
  'target-inventory': query({ input: empty, output: z.unknown(), reads: ['target'], summary: 'The inventory of the swapped tables and everything bound to them.' }),
  'target-ownership': query({
    input: empty,
    output: z.array(TableOwnership),
    reads: ['target', 'plan'],
    summary: 'Per staged table, which columns the migration owns and which are copied from production.',
  }),
  'push-status': query({ input: empty, output: PushStatus, reads: ['target', 'approval', 'jobs'], summary: 'Whether a push can start, and the last push with its validation.' }),
  'push-start': jobProcedure(pushJob, {
    input: empty,
    summary: 'Push the approved plan into staging in the target and validate it there (one transaction; a rejected or failed push leaves staging as it was).',
    writes: ['target'],
  }),
};
