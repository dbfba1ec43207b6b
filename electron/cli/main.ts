// `npx cutover <procedure> [--input JSON] [--data-dir DIR]`: any procedure, in-process, against a
// workspace. Progress goes to stderr, the JSON result to stdout, so results can be piped.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CutoverError, isProcedureName, procedures } from '../../shared/api/index.ts';
import type { JobInfo } from '../../shared/api/jobs.ts';
import { JobStarted } from '../../shared/api/job-parts.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { defaultDataDir } from '../engine/workspace/default-dir.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3, interrupted: 130 } as const;

/**
 * The procedures that may create a workspace where --data-dir names none: setting a workspace
 * up. Any other procedure on a folder without one says so, so a mistyped --data-dir is not
 * silently a new, empty workspace.
 */
export const CREATING_PROCEDURES: readonly string[] = ['demo-open', 'connection-set'];

const USAGE = `Usage: cutover <procedure> [--input JSON] [--data-dir DIR]
       cutover --help          list the procedures

Runs one procedure against a workspace and prints its JSON result. Procedures that start a job
(pull, import, …) are followed to the end, with progress on stderr.
Keys can be given as CUTOVER_XENDIT_SECRET_KEY and CUTOVER_SYSTEME_API_KEY, the target's password
as CUTOVER_TARGET_PASSWORD. A cutover: cutover-plan, then cutover-start with the plan's sha256 and
its confirmation text; rollback-start and backups-drop ask for their own (see cutover-status).`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { input: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
  } catch (err) {
    io.err(`cutover: ${(err as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    const list = Object.entries(procedures)
      .map(([name, def]) => `  ${name.padEnd(18)} ${def.summary}`)
      .join('\n');
    (values.help ? io.out : io.err)(`${USAGE}\n\nProcedures:\n${list}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (positionals.length > 1) {
    io.err(`cutover: one procedure at a time (got ${positionals.join(', ')})\n`);
    return EXIT.usage;
  }
  const name = positionals[0]!;
  if (!isProcedureName(name)) {
    io.err(`cutover: unknown procedure "${name}". Run cutover --help for the list.\n`);
    return EXIT.usage;
  }
  let input: unknown = {};
  if (values.input !== undefined) {
    try {
      input = JSON.parse(values.input);
    } catch (err) {
      io.err(`cutover: --input is not valid JSON: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
  }

  let engine;
  try {
    engine = createEngine({ dataDir: values['data-dir'] ?? defaultDataDir(), host: 'cli', create: CREATING_PROCEDURES.includes(name) });
  } catch (err) {
    io.err(`cutover: ${(err as Error).message}\n`);
    if (!(err instanceof CutoverError)) return EXIT.failed;
    return err.code === 'WORKSPACE_LOCKED' ? EXIT.locked : err.code === 'WORKSPACE_NOT_FOUND' ? EXIT.usage : EXIT.failed;
  }
  try {
    const outcome = await engine.handle(name, withFileToken(engine, name, input), 'in-process');
    if (!outcome.ok) {
      io.err(`cutover: ${outcome.error.code}: ${outcome.error.message}\n`);
      return outcome.error.code === 'BAD_INPUT' ? EXIT.usage : EXIT.failed;
    }
    // The contract says which procedures start a job; their answer is the job's id.
    if (procedures[name].job === undefined) {
      io.out(`${JSON.stringify(outcome.result, null, 2)}\n`);
      return EXIT.ok;
    }
    return await followJob(engine, JobStarted.parse(outcome.result).jobId, io);
  } finally {
    await engine.close();
  }
}

/** The procedures that read a file the caller names. */
const FILE_PROCEDURES = new Set(['csv-import', 'reconcile-decisions-import']);

/**
 * csv-import and reconcile-decisions-import from the command line name their file by path
 * (`{"kind":…,"path":"x.csv"}`): the CLI, being the host, grants the engine that file. No other
 * transport can name a path.
 */
function withFileToken(engine: Engine, name: string, input: unknown): unknown {
  if (!FILE_PROCEDURES.has(name) || typeof input !== 'object' || input === null || !('path' in input)) return input;
  const { path, ...rest } = input as { path: unknown };
  if (typeof path !== 'string' || path === '') return input; // let the contract say what is wrong
  return { ...rest, fileToken: engine.grantFile(resolve(path), { transport: 'in-process' }) };
}

async function followJob(engine: Engine, jobId: string, io: CliIo): Promise<number> {
  let lastLine = 0;
  const stepSeen = new Map<string, string>();
  // Each step's outcome as it happens (a cutover's are the point of watching it), unthrottled.
  const reportSteps = (job: JobInfo) => {
    for (const step of job.steps) {
      if (stepSeen.get(step.id) === step.status || step.status === 'pending' || step.status === 'running') continue;
      stepSeen.set(step.id, step.status);
      io.err(`${stepLine(step)}\n`);
    }
  };
  const unsubscribe = engine.onEvent((event) => {
    if (event.type !== 'job' || event.job.id !== jobId) return;
    reportSteps(event.job);
    if (event.job.state !== 'running') return;
    if (Date.now() - lastLine < 1_000) return;
    lastLine = Date.now();
    io.err(`${progressLine(event.job)}\n`);
  });
  const onSigint = () => void engine.call('job-cancel', { jobId });
  process.once('SIGINT', onSigint);
  try {
    const done = await engine.context.jobs.wait(jobId, 24 * 3_600_000);
    reportSteps(done);
    io.err(`${progressLine(done)}\n`);
    if (done.state === 'done') {
      io.out(`${JSON.stringify(done.result ?? null, null, 2)}\n`);
      return EXIT.ok;
    }
    io.err(`cutover: job ${done.state}: ${done.error?.message ?? ''}\n`);
    return done.state === 'cancelled' ? EXIT.interrupted : EXIT.failed;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
  }
}

export function stepLine(step: JobInfo['steps'][number]): string {
  const took = step.startedAt && step.finishedAt ? ` (${Date.parse(step.finishedAt) - Date.parse(step.startedAt)} ms)` : '';
  return `  [${step.status}] ${step.label}${step.status === 'ok' ? took : ''}${step.note ? `: ${step.note}` : ''}`;
}

export function progressLine(job: JobInfo): string {
  const fmt = (p: JobInfo['progress']) => {
    const of = p.total === null ? '' : `/${p.total}`;
    const rate = p.rate === null ? '' : ` ${Math.round(p.rate)}/s`;
    const eta = p.etaSeconds === null || p.etaSeconds === 0 ? '' : ` eta ${Math.ceil(p.etaSeconds)}s`;
    return `${p.done}${of} ${p.unit}${rate}${eta}`;
  };
  const parts = Object.values(job.parts).map((p) => `${p.label}: ${fmt(p)}`);
  return `[${job.state}] ${job.label}: ${fmt(job.progress)}${parts.length ? ` | ${parts.join(' | ')}` : ''}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
