// A sketch of the target procedures, for whoever wires them into the engine: connecting to the
// target Postgres (or starting the demo production) and reading its inventory. NOT yet part of
// the API: shared/api/index.ts does not import this file. The engine side lives in
// electron/engine/target/ (connect.ts, introspect/) and electron/engine/demo/production/. Failures are CutoverErrors
// with code TARGET_FAILED; the engine's TargetError adds which way it failed (pg/errors.ts), which
// a transport would need a field for if the UI is to act on it.
import { z } from 'zod';
import { mutation, query } from './define.ts';

export const SslMode = z.enum(['disable', 'require', 'verify-ca', 'verify-full']);

export const TargetConnectInput = z
  .object({
    /** postgres://user:password@host:5432/db?sslmode=…; kept in memory only, never stored or echoed. */
    url: z.string().min(1).max(4096),
    /** PEM file of the server's CA, for verify-ca / verify-full. */
    caFile: z.string().min(1).optional(),
  })
  .strict();

export const TargetStatus = z.object({
  mode: z.enum(['none', 'demo', 'live']),
  /** user@host:port/database, never with the password. */
  target: z.string().nullable(),
  serverVersion: z.string().nullable(),
  major: z.number().int().nullable(),
  currentUser: z.string().nullable(),
  tls: z.boolean(),
  /** What the role cannot do that the push and cutover need, in words. */
  missingPrivileges: z.array(z.string()),
});
export type TargetStatus = z.infer<typeof TargetStatus>;

export const DemoTargetInput = z
  .object({ scale: z.number().min(0.001).max(50).default(1), seed: z.number().int().min(0).max(2 ** 31).default(1) })
  .strict();

// 'connection' stands in for a 'target' dataset that datasets.ts would gain with these.
export const targetProcedures = {
  'target-connect': mutation({ input: TargetConnectInput, output: TargetStatus, writes: ['connection'], summary: 'Connect to the target Postgres and check its version and privileges.' }),
  'target-demo-start': mutation({ input: DemoTargetInput, output: TargetStatus, writes: ['connection'], summary: "Start the demo workspace's production database (installed on first start)." }),
  'target-status': query({ input: z.object({}).strict(), output: TargetStatus, reads: ['connection'], summary: 'What the engine is connected to.' }),
  // The inventory's zod schema can mirror electron/engine/target/introspect/inventory.ts once the Plan step needs it.
  'target-inventory': query({ input: z.object({}).strict(), output: z.unknown(), reads: ['connection'], summary: 'The inventory of the swapped tables and everything bound to them.' }),
};
