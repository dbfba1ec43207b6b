// Runs long work as jobs: progress with rate and ETA, cooperative cancel, a recorded outcome.
// Job rows live in the workspace so history survives restarts; a job that was running when
// the engine died is marked interrupted on the next open (the work it checkpointed is kept).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { CutoverError, type ApiErrorBody } from '../../../shared/api/errors.ts';
import type { JobInfo, ProgressPart } from '../../../shared/api/jobs.ts';
import { RateMeter, etaSeconds } from './rate.ts';

const EMIT_EVERY_MS = 100;
const PERSIST_EVERY_MS = 2_000;

export interface PartHandle {
  /** Sets the absolute count (and the total when it becomes known). */
  set(done: number, total?: number | null): void;
  add(n: number): void;
  note(text: string): void;
}

export interface JobContext {
  readonly signal: AbortSignal;
  /** The job's overall progress. */
  readonly overall: PartHandle;
  /** A named sub-progress (e.g. one per source); created on first use. */
  part(key: string, label: string, unit: string, total?: number | null): PartHandle;
  /** Throws CANCELLED if cancel was asked for; call at safe points. */
  throwIfCancelled(): void;
}

export interface StartOptions {
  kind: string;
  label: string;
  unit: string;
  total?: number | null;
  /** Refuse to start while another job of the same kind runs. */
  exclusive?: boolean;
  /** Overall progress is the sum of the parts (total known once every part's is). */
  aggregateParts?: boolean;
}

interface Live {
  info: JobInfo;
  aggregate: boolean;
  controller: AbortController;
  meters: Map<string, RateMeter>;
  lastEmit: number;
  lastPersist: number;
  finished: Promise<void>;
}

export class JobRunner {
  private readonly live = new Map<string, Live>();
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly emit: (job: JobInfo) => void,
    private readonly now: () => number = Date.now,
    /** Scrubs secrets from error messages before they are stored or sent. */
    private readonly redact: (text: string) => string = (t) => t,
  ) {
    db.prepare("UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE state = 'running'").run(new Date(now()).toISOString());
    this.insert = db.prepare(
      'INSERT INTO jobs (id, kind, label, state, started_at, finished_at, progress, parts, result, error) VALUES (@id, @kind, @label, @state, @startedAt, @finishedAt, @progress, @parts, @result, @error)',
    );
    this.update = db.prepare(
      'UPDATE jobs SET state = @state, finished_at = @finishedAt, progress = @progress, parts = @parts, result = @result, error = @error WHERE id = @id',
    );
  }

  start<T>(opts: StartOptions, work: (ctx: JobContext) => Promise<T>): string {
    if (opts.exclusive) {
      const running = [...this.live.values()].find((l) => l.info.kind === opts.kind && l.info.state === 'running');
      if (running) throw new CutoverError('CONFLICT', `A ${opts.label.toLowerCase()} job is already running (${running.info.id}).`);
    }
    const id = randomUUID();
    const info: JobInfo = {
      id,
      kind: opts.kind,
      label: opts.label,
      state: 'running',
      startedAt: new Date(this.now()).toISOString(),
      finishedAt: null,
      progress: { label: opts.label, done: 0, total: opts.total ?? null, rate: null, etaSeconds: null, unit: opts.unit },
      parts: {},
    };
    const controller = new AbortController();
    const live: Live = { info, aggregate: opts.aggregateParts ?? false, controller, meters: new Map(), lastEmit: 0, lastPersist: this.now(), finished: Promise.resolve() };
    this.live.set(id, live);
    this.insert.run(this.row(info));
    this.emit(structuredClone(info));

    const ctx = this.context(live);
    live.finished = (async () => {
      try {
        const result = await work(ctx);
        this.finish(live, 'done', { result });
      } catch (err) {
        const body = toErrorBody(err);
        body.message = this.redact(body.message);
        this.finish(live, body.code === 'CANCELLED' ? 'cancelled' : 'failed', { error: body });
      }
    })();
    return id;
  }

  get(id: string): JobInfo {
    const live = this.live.get(id);
    if (live) return structuredClone(live.info);
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new CutoverError('NOT_FOUND', `No job ${id}.`);
    return fromRow(row);
  }

  list(limit: number): JobInfo[] {
    const rows = this.db.prepare('SELECT * FROM jobs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[];
    return rows.map((r) => this.live.get(r.id)?.info ?? fromRow(r)).map((j) => structuredClone(j));
  }

  cancel(id: string): JobInfo {
    const live = this.live.get(id);
    if (live && live.info.state === 'running') live.controller.abort();
    return this.get(id);
  }

  async wait(id: string, timeoutMs: number): Promise<JobInfo> {
    const live = this.live.get(id);
    if (live) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([live.finished, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    return this.get(id);
  }

  /** Cancels every running job and waits for them to stop. */
  async shutdown(): Promise<void> {
    for (const l of this.live.values()) l.controller.abort();
    await Promise.all([...this.live.values()].map((l) => l.finished));
  }

  private context(live: Live): JobContext {
    const handle = (key: string | null): PartHandle => {
      const target = (): ProgressPart => (key === null ? live.info.progress : live.info.parts[key]!);
      const changed = () => this.touch(live, key);
      return {
        set(done, total) {
          const p = target();
          p.done = done;
          if (total !== undefined) p.total = total;
          changed();
        },
        add(n) {
          target().done += n;
          changed();
        },
        note(text) {
          target().note = text;
          changed();
        },
      };
    };
    return {
      signal: live.controller.signal,
      overall: handle(null),
      part(key, label, unit, total = null) {
        if (!live.info.parts[key]) live.info.parts[key] = { label, done: 0, total, rate: null, etaSeconds: null, unit };
        return handle(key);
      },
      throwIfCancelled() {
        if (live.controller.signal.aborted) throw new CutoverError('CANCELLED', 'Cancelled; the work done so far is kept.');
      },
    };
  }

  private touch(live: Live, key: string | null): void {
    const t = this.now();
    const meterKey = key ?? '';
    let meter = live.meters.get(meterKey);
    if (!meter) live.meters.set(meterKey, (meter = new RateMeter()));
    const p = key === null ? live.info.progress : live.info.parts[key]!;
    meter.add(t, p.done);
    p.rate = meter.rate();
    p.etaSeconds = etaSeconds(p.done, p.total, p.rate);
    if (key !== null && live.aggregate) {
      const parts = Object.values(live.info.parts);
      const overall = live.info.progress;
      overall.done = parts.reduce((n, q) => n + q.done, 0);
      overall.total = parts.every((q) => q.total !== null) ? parts.reduce((n, q) => n + (q.total ?? 0), 0) : null;
      let om = live.meters.get('');
      if (!om) live.meters.set('', (om = new RateMeter()));
      om.add(t, overall.done);
      overall.rate = om.rate();
      // The slowest part decides when the job ends.
      const etas = parts.map((q) => q.etaSeconds);
      overall.etaSeconds = etas.every((e) => e !== null) ? Math.max(0, ...(etas as number[])) : null;
    }
    if (t - live.lastEmit >= EMIT_EVERY_MS) {
      live.lastEmit = t;
      this.emit(structuredClone(live.info));
    }
    if (t - live.lastPersist >= PERSIST_EVERY_MS) {
      live.lastPersist = t;
      this.update.run(this.row(live.info));
    }
  }

  private finish(live: Live, state: JobInfo['state'], outcome: { result?: unknown; error?: ApiErrorBody }): void {
    const info = live.info;
    info.state = state;
    info.finishedAt = new Date(this.now()).toISOString();
    if (state === 'done') {
      if (info.progress.total === null) info.progress.total = info.progress.done;
      info.progress.done = Math.max(info.progress.done, info.progress.total);
      info.progress.etaSeconds = 0;
    }
    if (outcome.result !== undefined) info.result = outcome.result;
    if (outcome.error) info.error = outcome.error;
    try {
      this.update.run(this.row(info));
    } catch {
      // The workspace may be closing under us; the event below still tells the client.
    }
    this.live.delete(info.id);
    this.emit(structuredClone(info));
  }

  private row(info: JobInfo) {
    return {
      id: info.id,
      kind: info.kind,
      label: info.label,
      state: info.state,
      startedAt: info.startedAt,
      finishedAt: info.finishedAt,
      progress: JSON.stringify(info.progress),
      parts: JSON.stringify(info.parts),
      result: info.result === undefined ? null : JSON.stringify(info.result),
      error: info.error ? JSON.stringify(info.error) : null,
    };
  }
}

interface JobRow {
  id: string;
  kind: string;
  label: string;
  state: JobInfo['state'];
  started_at: string;
  finished_at: string | null;
  progress: string;
  parts: string;
  result: string | null;
  error: string | null;
}

function fromRow(r: JobRow): JobInfo {
  const info: JobInfo = {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    progress: JSON.parse(r.progress) as ProgressPart,
    parts: JSON.parse(r.parts) as Record<string, ProgressPart>,
  };
  if (r.result !== null) info.result = JSON.parse(r.result);
  if (r.error !== null) info.error = JSON.parse(r.error) as ApiErrorBody;
  return info;
}

export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof CutoverError) return err.toBody();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}
