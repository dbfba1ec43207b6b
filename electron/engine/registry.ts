// The engine's handler table, keyed by the contract: one handler per procedure, written once
// under the contract's name. A feature declares its handlers with `handlers({...})` (a name the
// contract lacks is a compile error) and the jobs it runs; `buildRegistry` joins the features,
// refusing at start-up a procedure or job kind that is missing or defined twice.
import { jobKinds, type JobKind } from '../../shared/api/jobs.ts';
import { procedures, type Output, type ParsedInput, type ProcedureName } from '../../shared/api/index.ts';
import type { CallInfo, EngineContext } from './context.ts';
import type { AnyJobDefinition } from './jobs/job-runner.ts';

export type Handler<N extends ProcedureName> = (input: ParsedInput<N>, ctx: EngineContext, call: CallInfo) => Promise<Output<N>> | Output<N>;
export type Handlers<N extends ProcedureName = ProcedureName> = { [K in N]: Handler<K> };

/** A feature's handlers; each is typed by its contract entry. */
export function handlers<const N extends ProcedureName>(table: Handlers<N>): Handlers<N> {
  return table;
}

export interface Registry {
  handlers: Handlers;
  jobs: ReadonlyMap<JobKind, AnyJobDefinition>;
}

/** Checks the joined tables against the contract: every procedure and job kind exactly once. */
export function buildRegistry(table: Handlers, jobs: readonly AnyJobDefinition[]): Registry {
  const missing = (Object.keys(procedures) as ProcedureName[]).filter((n) => typeof table[n] !== 'function');
  if (missing.length) throw new Error(`the engine has no handler for ${missing.join(', ')}`);
  const extra = Object.keys(table).filter((n) => !Object.prototype.hasOwnProperty.call(procedures, n));
  if (extra.length) throw new Error(`handlers for procedures the contract lacks: ${extra.join(', ')}`);
  const byKind = new Map<JobKind, AnyJobDefinition>();
  for (const def of jobs) {
    if (byKind.has(def.kind)) throw new Error(`job kind "${def.kind}" is defined twice`);
    byKind.set(def.kind, def);
  }
  const undefinedKinds = jobKinds.map((k) => k.kind).filter((k) => !byKind.has(k));
  if (undefinedKinds.length) throw new Error(`no job definition for ${undefinedKinds.join(', ')}`);
  return { handlers: table, jobs: byKind };
}

