// Runs long work as jobs: progress with rate and ETA, steps with their own status, cooperative
// cancel, resource locks, non-cancellable critical sections, and a recorded outcome. Job rows live
// in the workspace, so history survives restarts; a job that was queued or running when the
// engine died is marked interrupted on the next open and handed to its kind's recovery hook.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Dataset } from '../../../shared/api/datasets.ts';
import { errors, toErrorBody, type ApiErrorBody } from '../../../shared/api/errors.ts';
import type { JobStep, ProgressPart, StepStatus } from '../../../shared/api/job-parts.ts';
import { JobInfo, jobKindDef, type JobKind, type JobKindOf, type JobOf, type JobResult } from '../../../shared/api/jobs.ts';
import type { EngineContext } from '../context.ts';
import { LockManager, type LockRequest } from './locks.ts';
import { RateMeter, etaSeconds } from './rate.ts';

const EMIT_EVERY_MS = 100;
const PERSIST_EVERY_MS = 2_000;
const CHANGED_EVERY_MS = 250;
/** How often a running job's rates are looked at again while its counts stand still. */
const RATE_TICK_MS = 1_000;

type PartKey<K extends JobKind> = JobKindOf<K> extends { parts?: readonly (infer P)[] } ? P : never;
type StepId<K extends JobKind> = JobKindOf<K> extends { steps?: readonly { id: infer S }[] } ? S : never;

export interface PartHandle {
  /** Sets the absolute count (and the total when it becomes known). */
  set(done: number, total?: number | null): void;
  add(n: number): void;
  note(text: string | undefined): void;
}

export interface StepHandle {
  start(note?: string): void;
  ok(note?: string): void;
  fail(note?: string): void;
  skip(note: string): void;
}

/** What any job's work can do, whatever its kind. */
export interface WorkContext {
  /** The job's id (what job-get takes). */
  readonly id: string;
  readonly signal: AbortSignal;
  /** The job's overall progress. */
  readonly overall: PartHandle;
  /**
   * Runs work that must not be interrupted half-way (a COMMIT): Cancel and engine shutdown wait
   * until it returns, then take effect.
   */
  critical<T>(work: () => Promise<T>): Promise<T>;
  /** Throws CANCELLED if cancel was asked for; call at safe points. */
  throwIfCancelled(): void;
  /** Announces data the job has written so far (throttled); its procedure's writes are announced at the end too. */
  changed(...datasets: Dataset[]): void;
}

/** A job's context with the parts and steps its kind declares. */
export interface JobContext<K extends JobKind> extends WorkContext {
  /** A named sub-progress (e.g. one per stream); created on first use. */
  part(key: PartKey<K>, label: string, unit: string, total?: number | null): PartHandle;
  /** One of the kind's declared steps. */
  step(id: StepId<K>): StepHandle;
  /** Runs a declared step: running, then ok — or failed, with the error passed on. */
  runStep<T>(id: StepId<K>, work: () => Promise<T> | T): Promise<T>;
}

/** How the engine runs one kind of job: the locks it takes, its work, and what to do if it was cut off. */
export interface JobDefinition<K extends JobKind, A> {
  kind: K;
  /** The resources it holds while it runs. */
  locks: LockRequest | ((args: A) => LockRequest);
  /** A label more specific than the kind's (e.g. which file is imported). */
  label?: (args: A) => string;
  run(args: A, job: JobContext<K>): Promise<JobResult<K>>;
  /**
   * Runs on the next open for a job of this kind found interrupted (the engine died while it ran);
   * returns a note for the job's record (e.g. what was cleaned up).
   */
  recover?(job: JobOf<K>, ctx: EngineContext): Promise<string | undefined> | string | undefined;
}

/** What the registry keeps of a definition of any kind: its kind and its recovery hook. */
export interface AnyJobDefinition {
  kind: JobKind;
  recover?(job: never, ctx: EngineContext): Promise<string | undefined> | string | undefined;
}

export function defineJob<K extends JobKind, A>(def: JobDefinition<K, A>): JobDefinition<K, A> {
  return def;
}

interface Live {
  info: JobInfo;
  aggregate: boolean;
  controller: AbortController;
  critical: number;
  cancelAsked: boolean;
  meters: Map<string, RateMeter>;
  lastEmit: number;
  lastPersist: number;
  pendingChanges: Set<Dataset>;
  lastChanged: number;
  changeTimer: NodeJS.Timeout | null;
  rateTimer: NodeJS.Timeout | null;
  finished: Promise<void>;
}

export interface JobEvents {
  job(info: JobInfo): void;
  changed(datasets: Dataset[]): void;
}

export class JobRunner {
  private readonly live = new Map<string, Live>();
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  readonly locks = new LockManager();
  /** Jobs this open found cut off by the engine's last exit, for their recovery hooks. */
  readonly interruptedOnOpen: JobInfo[];

  constructor(
    private readonly db: Database.Database,
    private readonly events: JobEvents,
    private readonly opts: {
      now?: () => number;
      /** Scrubs secrets from what a job records (label, notes, errors) before it is stored or sent. */
      redact?: (text: string) => string;
      /** The same for a job's result. */
      redactValue?: <T>(value: T) => T;
      /** Turns a low-level failure into the error a person can act on (a damaged cache names its path). */
      explain?: (err: unknown) => unknown;
      /** What each kind's procedure writes, announced when a job of that kind ends. */
      writes?: (kind: JobKind) => readonly Dataset[];
    } = {},
  ) {
    const cutOff = (db.prepare("SELECT * FROM jobs WHERE state IN ('queued', 'running')").all() as JobRow[]).flatMap((r) => readRow(r) ?? []);
    db.prepare("UPDATE jobs SET state = 'interrupted', finished_at = ? WHERE state IN ('queued', 'running')").run(this.iso());
    this.interruptedOnOpen = cutOff.map((j) => ({ ...j, state: 'interrupted' }));
    this.insert = db.prepare(
      `INSERT INTO jobs (id, kind, label, state, queued_at, started_at, finished_at, progress, parts, steps, waiting_for, result, error)
       VALUES (@id, @kind, @label, @state, @queuedAt, @startedAt, @finishedAt, @progress, @parts, @steps, @waitingFor, @result, @error)`,
    );
    this.update = db.prepare(
      `UPDATE jobs SET state = @state, started_at = @startedAt, finished_at = @finishedAt, progress = @progress, parts = @parts,
         steps = @steps, waiting_for = @waitingFor, result = @result, error = @error WHERE id = @id`,
    );
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Queues a job of the definition's kind; it runs once its locks are free. Returns its id. */
  start<K extends JobKind, A>(def: JobDefinition<K, A>, args: A): { jobId: string } {
    const kind = jobKindDef(def.kind);
    const id = randomUUID();
    const label = this.redact(def.label?.(args) ?? kind.label);
    const info = {
      id,
      kind: def.kind,
      label,
      state: 'queued',
      queuedAt: this.iso(),
      startedAt: null,
      finishedAt: null,
      progress: { label, done: 0, total: null, rate: null, etaSeconds: null, unit: kind.unit },
      parts: {},
      steps: (kind.steps ?? []).map((s): JobStep => ({ id: s.id, label: s.label, status: 'pending', startedAt: null, finishedAt: null })),
    } as unknown as JobInfo;
    const controller = new AbortController();
    const live: Live = {
      info,
      aggregate: (kind.parts?.length ?? 0) > 0,
      controller,
      critical: 0,
      cancelAsked: false,
      meters: new Map(),
      lastEmit: 0,
      lastPersist: this.now(),
      pendingChanges: new Set(),
      lastChanged: 0,
      changeTimer: null,
      rateTimer: null,
      finished: Promise.resolve(),
    };
    const request = typeof def.locks === 'function' ? def.locks(args) : def.locks;
    const waitingFor = this.locks.blockedBy(request);
    if (waitingFor) info.waitingFor = waitingFor;
    this.live.set(id, live);
    this.insert.run(this.row(info));
    this.announce(live);

    live.finished = (async () => {
      let release: (() => void) | null = null;
      try {
        release = await this.locks.acquire(request, label, controller.signal);
        info.state = 'running';
        info.startedAt = this.iso();
        delete info.waitingFor;
        this.persist(live);
        this.announce(live);
        live.rateTimer = setInterval(() => this.decayRates(live), RATE_TICK_MS);
        live.rateTimer.unref();
        const result = await def.run(args, this.context(live));
        this.finish(live, 'done', { result: this.opts.redactValue ? this.opts.redactValue(kind.result.parse(result)) : kind.result.parse(result) });
      } catch (err) {
        const body = toErrorBody(this.opts.explain ? this.opts.explain(err) : err);
        body.message = this.redact(body.message);
        this.finish(live, body.code === 'CANCELLED' ? 'cancelled' : 'failed', { error: body });
      } finally {
        release?.();
      }
    })();
    return { jobId: id };
  }

  get(id: string): JobInfo {
    const live = this.live.get(id);
    if (live) return structuredClone(live.info);
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw errors.notFound(`job ${id.slice(0, 100)}`);
    return fromRow(row);
  }

  list(limit: number): JobInfo[] {
    const rows = this.db.prepare('SELECT * FROM jobs ORDER BY queued_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[];
    return rows.flatMap((r) => structuredClone(this.live.get(r.id)?.info ?? readRow(r) ?? []));
  }

  /** Jobs queued or running now. */
  active(): JobInfo[] {
    return [...this.live.values()].map((l) => structuredClone(l.info));
  }

  /** Asks a job to stop; inside a critical section it stops when the section ends. */
  cancel(id: string): JobInfo {
    const live = this.live.get(id);
    if (live) this.requestCancel(live);
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

  /** Cancels every job and waits for them to stop (critical sections run to their end). */
  async shutdown(): Promise<void> {
    for (const l of this.live.values()) this.requestCancel(l);
    await Promise.all([...this.live.values()].map((l) => l.finished));
  }

  /** Writes a recovery hook's note onto an interrupted job's record. */
  noteRecovery(id: string, note: string): void {
    const row = this.db.prepare('SELECT progress FROM jobs WHERE id = ?').pluck().get(id) as string | undefined;
    if (row === undefined) return;
    const progress = JSON.parse(row) as ProgressPart;
    progress.note = this.redact(note);
    this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  private redact(text: string): string {
    return this.opts.redact ? this.opts.redact(text) : text;
  }

  private requestCancel(live: Live): void {
    if (live.critical > 0) live.cancelAsked = true;
    else live.controller.abort();
  }

  private context<K extends JobKind>(live: Live): JobContext<K> {
    const handle = (key: string | null): PartHandle => {
      const target = (): ProgressPart => (key === null ? live.info.progress : live.info.parts[key]!);
      const changed = (now = false) => this.touch(live, key, now);
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
        note: (text) => {
          const p = target();
          const next = text === undefined ? undefined : this.redact(text);
          if (next === p.note) return;
          if (next === undefined) delete p.note;
          else p.note = next;
          // Notes change seldom and say what a count cannot (a phase, a wait): never dropped by the throttle.
          changed(true);
        },
      };
    };
    const stepHandle = (id: string): StepHandle => {
      const step = live.info.steps.find((s) => s.id === id);
      if (!step) throw new Error(`job ${live.info.kind} declares no step "${id}"`);
      const set = (status: StepStatus, note?: string) => {
        step.status = status;
        if (status === 'running') step.startedAt = this.iso();
        else step.finishedAt = this.iso();
        if (note !== undefined) step.note = this.redact(note);
        this.persist(live);
        this.announce(live);
      };
      return { start: (n) => set('running', n), ok: (n) => set('ok', n), fail: (n) => set('failed', n), skip: (n) => set('skipped', n) };
    };
    return {
      id: live.info.id,
      signal: live.controller.signal,
      overall: handle(null),
      part(key, label, unit, total = null) {
        const name = key as string;
        if (!live.info.parts[name]) live.info.parts[name] = { label, done: 0, total, rate: null, etaSeconds: null, unit };
        return handle(name);
      },
      step: (id) => stepHandle(id as string),
      async runStep(id, work) {
        const s = stepHandle(id as string);
        s.start();
        try {
          const out = await work();
          s.ok();
          return out;
        } catch (err) {
          s.fail(toErrorBody(err).message);
          throw err;
        }
      },
      critical: async (work) => {
        live.critical++;
        try {
          return await work();
        } finally {
          live.critical--;
          if (live.critical === 0 && live.cancelAsked) live.controller.abort();
        }
      },
      throwIfCancelled() {
        if (live.controller.signal.aborted) throw errors.cancelled();
      },
      changed: (...datasets) => this.queueChanges(live, datasets),
    };
  }

  private queueChanges(live: Live, datasets: readonly Dataset[]): void {
    for (const d of datasets) live.pendingChanges.add(d);
    if (live.changeTimer || !live.pendingChanges.size) return;
    const wait = Math.max(0, live.lastChanged + CHANGED_EVERY_MS - this.now());
    live.changeTimer = setTimeout(() => this.flushChanges(live), wait);
  }

  private flushChanges(live: Live): void {
    if (live.changeTimer) clearTimeout(live.changeTimer);
    live.changeTimer = null;
    if (!live.pendingChanges.size) return;
    live.lastChanged = this.now();
    const datasets = [...live.pendingChanges];
    live.pendingChanges.clear();
    this.events.changed(datasets);
  }

  private touch(live: Live, key: string | null, emitNow = false): void {
    const t = this.now();
    const meterKey = key ?? '';
    let meter = live.meters.get(meterKey);
    if (!meter) live.meters.set(meterKey, (meter = new RateMeter()));
    const p = key === null ? live.info.progress : live.info.parts[key]!;
    meter.add(t, p.done);
    p.rate = meter.rate(t);
    p.etaSeconds = etaSeconds(p.done, p.total, p.rate);
    if (key !== null && live.aggregate) {
      const parts = Object.values(live.info.parts);
      const overall = live.info.progress;
      overall.done = parts.reduce((n, q) => n + q.done, 0);
      overall.total = parts.every((q) => q.total !== null) ? parts.reduce((n, q) => n + (q.total ?? 0), 0) : null;
      let om = live.meters.get('');
      if (!om) live.meters.set('', (om = new RateMeter()));
      om.add(t, overall.done);
      overall.rate = om.rate(t);
      // The slowest part decides when the job ends.
      const etas = parts.map((q) => q.etaSeconds);
      overall.etaSeconds = etas.every((e) => e !== null) ? Math.max(0, ...(etas as number[])) : null;
    }
    if (emitNow || t - live.lastEmit >= EMIT_EVERY_MS) {
      live.lastEmit = t;
      this.events.job(structuredClone(live.info));
    }
    if (t - live.lastPersist >= PERSIST_EVERY_MS) this.persist(live);
  }

  /**
   * Rates measured up to now, not up to the last progress: while nothing arrives (a stream
   * waiting for its rate limit) they fall, and the job's event says so.
   */
  private decayRates(live: Live): void {
    const t = this.now();
    let changed = false;
    const parts: [string, ProgressPart][] = [['', live.info.progress], ...Object.entries(live.info.parts)];
    for (const [key, p] of parts) {
      const meter = live.meters.get(key);
      if (!meter) continue;
      const rate = meter.rate(t);
      if (rate === p.rate) continue;
      p.rate = rate;
      p.etaSeconds = etaSeconds(p.done, p.total, rate);
      changed = true;
    }
    if (live.aggregate && changed) {
      const etas = Object.values(live.info.parts).map((q) => q.etaSeconds);
      live.info.progress.etaSeconds = etas.every((e) => e !== null) ? Math.max(0, ...(etas as number[])) : null;
    }
    if (changed) {
      live.lastEmit = t;
      this.events.job(structuredClone(live.info));
    }
  }

  private persist(live: Live): void {
    live.lastPersist = this.now();
    try {
      this.update.run(this.row(live.info));
    } catch {
      // The workspace may be closing under us; events still tell the client.
    }
  }

  /** A state change: the job's event, and `jobs` changed for lists of jobs. */
  private announce(live: Live): void {
    live.lastEmit = this.now();
    this.events.job(structuredClone(live.info));
    this.events.changed(['jobs']);
  }

  private finish(live: Live, state: JobInfo['state'], outcome: { result?: unknown; error?: ApiErrorBody }): void {
    if (live.rateTimer) clearInterval(live.rateTimer);
    const info = live.info;
    info.state = state;
    info.finishedAt = this.iso();
    delete info.waitingFor;
    if (state === 'done') {
      if (info.progress.total === null) info.progress.total = info.progress.done;
      info.progress.done = Math.max(info.progress.done, info.progress.total);
      info.progress.etaSeconds = 0;
    }
    // Steps still open when the job ends did not run to completion.
    for (const s of info.steps) {
      if (s.status === 'running') Object.assign(s, { status: 'failed', finishedAt: info.finishedAt });
      else if (s.status === 'pending' && state !== 'done') Object.assign(s, { status: 'skipped', note: `not run: the job ${state === 'cancelled' ? 'was cancelled' : 'failed'}` });
    }
    if (outcome.result !== undefined) (info as { result?: unknown }).result = outcome.result;
    if (outcome.error) info.error = outcome.error;
    this.persist(live);
    this.live.delete(info.id);
    if (info.startedAt !== null) this.queueChanges(live, this.opts.writes?.(info.kind) ?? []);
    this.flushChanges(live);
    this.announce(live);
  }

  private row(info: JobInfo) {
    return {
      id: info.id,
      kind: info.kind,
      label: info.label,
      state: info.state,
      queuedAt: info.queuedAt,
      startedAt: info.startedAt,
      finishedAt: info.finishedAt,
      progress: JSON.stringify(info.progress),
      parts: JSON.stringify(info.parts),
      steps: JSON.stringify(info.steps),
      waitingFor: info.waitingFor ?? null,
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
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress: string;
  parts: string;
  steps: string;
  waiting_for: string | null;
  result: string | null;
  error: string | null;
}

/** A stored job, read back through its kind's schema; null for a row this version cannot read (another version's kind). */
function readRow(r: JobRow): JobInfo | null {
  const raw = {
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: r.state,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    progress: JSON.parse(r.progress) as unknown,
    parts: JSON.parse(r.parts) as unknown,
    steps: JSON.parse(r.steps) as unknown,
    ...(r.waiting_for === null ? {} : { waitingFor: r.waiting_for }),
    ...(r.result === null ? {} : { result: JSON.parse(r.result) as unknown }),
    ...(r.error === null ? {} : { error: JSON.parse(r.error) as unknown }),
  };
  const parsed = JobInfo.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function fromRow(r: JobRow): JobInfo {
  const info = readRow(r);
  if (!info) throw errors.conflict(`Job ${r.id} (${r.kind}) was recorded by another version of Cutover and cannot be shown.`);
  return info;
}
