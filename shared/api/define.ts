// How the contract declares a procedure: its input and output schemas, a line on what it does,
// the datasets it reads and writes, and — for procedures that start long work — its job kind.
// Procedures that write are serialised by the engine and announce what they changed.
import type { z } from 'zod';
import type { Dataset } from './datasets.ts';
import { JobStarted, type JobKindDef } from './job-parts.ts';

export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, J extends JobKindDef | undefined = JobKindDef | undefined> {
  input: I;
  output: O;
  summary: string;
  /** What its answer depends on: a query is reloaded when one of these changes. */
  reads: readonly Dataset[];
  /** What it changes; empty for read-only procedures. */
  writes: readonly Dataset[];
  /** Set for procedures that start a job: the answer is the job's id, its outcome comes as job events. */
  job: J;
}

/** A read-only procedure. */
export function query<I extends z.ZodType, O extends z.ZodType>(def: { input: I; output: O; summary: string; reads: readonly Dataset[] }): ProcedureDef<I, O, undefined> {
  return { ...def, writes: [], job: undefined };
}

/** A procedure that changes the workspace (or the world): serialised, and announced by `data-changed`. */
export function mutation<I extends z.ZodType, O extends z.ZodType>(def: {
  input: I;
  output: O;
  summary: string;
  writes: readonly [Dataset, ...Dataset[]];
  reads?: readonly Dataset[];
}): ProcedureDef<I, O, undefined> {
  return { reads: [], ...def, job: undefined };
}

/** A procedure that starts a job of `kind` and answers with its id at once. */
export function jobProcedure<I extends z.ZodType, J extends JobKindDef>(
  kind: J,
  def: { input: I; summary: string; writes: readonly Dataset[] },
): ProcedureDef<I, typeof JobStarted, J> {
  return { ...def, output: JobStarted, reads: [], job: kind };
}

/** The names that appear in more than one of the tables. */
export type DuplicateKeys<T extends readonly object[], Seen = never> = T extends readonly [infer H, ...infer R extends readonly object[]]
  ? (keyof H & Seen) | DuplicateKeys<R, Seen | keyof H>
  : never;
type Merge<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]] ? H & Merge<R> : unknown;
/** Rejects, at compile time, a call whose tables share a name. */
export type NoDuplicates<T extends readonly object[]> = [DuplicateKeys<T>] extends [never] ? T : { duplicate: DuplicateKeys<T> };

/**
 * Joins name-keyed tables into one. A name defined twice is a compile error where the tables'
 * literal keys are known, and always an error when this runs (start-up), naming the duplicate.
 */
export function combine<const T extends readonly object[]>(what: string, ...tables: T & NoDuplicates<T>): Merge<T> {
  const out: Record<string, unknown> = {};
  for (const table of tables as readonly object[]) {
    for (const [name, value] of Object.entries(table)) {
      if (Object.prototype.hasOwnProperty.call(out, name)) throw new Error(`${what}: "${name}" is defined twice`);
      out[name] = value;
    }
  }
  return out as Merge<T>;
}
