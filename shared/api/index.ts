// The API contract: every procedure the engine offers, whichever host carries it
// (Electron IPC, the web host's HTTP + SSE, or the CLI). A name defined twice is refused.
import type { z } from 'zod';
import type { EngineEvent } from './events.ts';
import type { PickedFile } from './transport.ts';
import { combine } from './define.ts';
import { appProcedures } from './app.ts';
import { jobProcedures } from './jobs.ts';
import { settingsProcedures } from './settings.ts';
import { sourceProcedures } from './sources.ts';
import { reconcileProcedures } from './reconcile.ts';
import { approvalProcedures } from './approval.ts';
import { exportProcedures } from './export.ts';
import { targetProcedures } from './target.ts';
import { cutoverProcedures } from './cutover.ts';

export const procedures = combine('the API contract', appProcedures, settingsProcedures, jobProcedures, sourceProcedures, reconcileProcedures, approvalProcedures, exportProcedures, targetProcedures, cutoverProcedures);

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
/** What a caller passes (defaults not yet applied). */
export type Input<N extends ProcedureName> = z.input<Procedures[N]['input']>;
/** What a handler receives (defaults applied, validated). */
export type ParsedInput<N extends ProcedureName> = z.output<Procedures[N]['input']>;
export type Output<N extends ProcedureName> = z.output<Procedures[N]['output']>;
/** The procedures that start a job, and the kind each starts. */
export type JobProcedureName = { [N in ProcedureName]: Procedures[N]['job'] extends undefined ? never : N }[ProcedureName];

export function isProcedureName(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(procedures, name);
}

/** The client every UI and script uses: one async method per procedure, plus events. */
export interface ApiClient {
  call<N extends ProcedureName>(name: N, input: Input<N>): Promise<Output<N>>;
  subscribe(listener: (event: EngineEvent) => void): () => void;
  /** Where the host has a native file dialog (the desktop app): the user picks a file, the engine gets a token for it. */
  pickFile?(): Promise<PickedFile | null>;
}

export * from './errors.ts';
export * from './datasets.ts';
export * from './events.ts';
export * from './job-parts.ts';
export * from './jobs.ts';
export * from './paged.ts';
export * from './app.ts';
export * from './settings.ts';
export * from './sources.ts';
export * from './reconcile.ts';
export * from './approval.ts';
export * from './export.ts';
export * from './target.ts';
export * from './cutover.ts';
export * from './transport.ts';
