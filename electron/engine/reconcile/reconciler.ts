// The reconciliation of one workspace: the full recompute (every derived table rebuilt from the
// cache, every decision replayed), and the incremental path every decision takes — append to the
// log, then update only the records, people, findings, suggestions and plan rows its target
// touches, in the same transaction. Both paths derive people through the same code, so the
// incremental result is the full result.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Catalog, DecisionInput, ReconcileResult } from '../../../shared/api/reconcile.ts';
import { zonedClock } from '../domain/time.ts';
import { sqlDir } from '../paths.ts';
import { buyerTagged, leadTag } from './catalog.ts';
import { clusterAll, recluster } from './cluster.ts';
import { createShadow, derivedTables, dropShadow, ensureDerived, indexStatements, meta, oldTables, setMeta, shadowView, swapShadow } from './derived-store.ts';
import { catalogOf, effectRows, isCatalogKind, logState, readLog, splitInput, targetKeyOf, type ActionEntry, type LoggedDecision, type LogState } from './decisions/log.ts';
import { checkDecision } from './decisions/check.ts';
import { deriveEnv, deriveSome, FullDerivation } from './persons.ts';
import { RecordBuilder, type Overrides } from './records.ts';
import { suggest } from './suggest.ts';
import { refreshResolution, writeExternalFindings } from './finding-sources.ts';

const sqlFile = (name: string) => readFileSync(join(sqlDir(), 'sqlite', 'reconcile', name), 'utf8');
const sql = { ledger: '', quarantine: '', staleness: '', links: '', plainLeads: '' };
/** The statements of sql/sqlite/reconcile/ the recompute runs, read once. */
export function reconcileSql() {
  if (!sql.ledger) {
    sql.ledger = sqlFile('ledger.sql');
    sql.quarantine = sqlFile('quarantine-findings.sql');
    sql.staleness = sqlFile('staleness.sql');
    sql.links = sqlFile('link-staleness.sql');
    sql.plainLeads = sqlFile('plain-leads.sql');
  }
  return sql;
}

export type RecomputeStep = 'catalog' | 'records' | 'people' | 'derive' | 'suggestions' | 'check';

/** How the job runs a full recompute: its steps, the pauses between transactions, the swap. */
export interface RecomputeRun {
  step(id: RecomputeStep, work: () => void | Promise<void>): Promise<void>;
  /** Between two transactions: lets other calls run; throws to stop (cancel). */
  pause(): Promise<void>;
  /** The swap, which cancel and shutdown wait for. */
  critical(work: () => void): Promise<void>;
}

/** About how long one transaction of the recompute runs before it pauses for other calls. */
const SLICE_MS = 50;
const CHUNK_RECORDS = 1_000;

export interface Touched {
  people: number;
  findings: number;
  planRows: number;
  /** A catalog decision: the derived tables wait for a full recompute. */
  needsFull: boolean;
}

export interface WorkspaceFacts {
  timeZone(): string;
  reviewer(): string;
}

export class Reconciler {
  private actions: ActionEntry[] = [];
  private decisions: LoggedDecision[] = [];
  private state!: LogState;
  catalog!: Catalog;
  private clockZone = '';
  private clockFn = zonedClock();

  constructor(
    readonly db: Database.Database,
    private readonly facts: WorkspaceFacts,
  ) {
    ensureDerived(db);
    // SQL's months use the clock of the work under way (a function must not read the database).
    db.function('recon_month', (iso: unknown) => (typeof iso === 'string' ? this.clockFn.month(iso) : null));
    // The same rules derivePerson applies, for the plain leads' one statement.
    db.function('recon_trim', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.trim() || null : null));
    // A plain lead's lead tag as JSON ([tag] or [null]); NULL for someone tagged as a buyer (not plain).
    db.function('recon_lead_tag', (tagsJson: unknown) => {
      const tags = JSON.parse(String(tagsJson)) as string[];
      return buyerTagged(this.catalog, tags) ? null : JSON.stringify([leadTag(this.catalog, tags)]);
    });
    this.reload();
  }

  /** The workspace zone's clock; read at the start of each piece of work. */
  clock() {
    const zone = this.facts.timeZone();
    if (zone !== this.clockZone) {
      this.clockZone = zone;
      this.clockFn = zonedClock(zone);
    }
    return this.clockFn;
  }

  /** Reads the log again (after a rollback, or on open). */
  reload(): void {
    const log = readLog(this.db);
    this.actions = log.actions;
    this.decisions = log.decisions;
    this.state = logState(this.actions, this.decisions);
    this.catalog = catalogOf(this.state.effective.values()).catalog;
  }

  get log(): LogState {
    return this.state;
  }

  get allDecisions(): readonly LoggedDecision[] {
    return this.decisions;
  }

  /** Why the derived tables do not reflect the cache and the log, or null when they do. */
  staleReason(): string | null {
    const computedAt = meta(this.db, 'computed_at');
    if (computedAt === null) return 'never computed';
    if (meta(this.db, 'needs_full') !== null) return 'a catalog edit waits for a recompute';
    if (meta(this.db, 'time_zone') !== this.facts.timeZone()) return 'the time zone changed';
    const pulled = this.db
      .prepare("SELECT count(*) FROM jobs WHERE kind IN ('pull', 'csv-import') AND (state IN ('queued', 'running') OR coalesce(started_at, queued_at) >= ?)")
      .pluck()
      .get(computedAt) as number;
    return pulled ? 'the sources changed' : null;
  }

  // ------------------------------------------------------------------------------------------
  // The full recompute. It builds every derived table again beside the ones in place (the
  // shadow set, derived-store.ts), in short transactions with a pause between them, so the
  // engine goes on serving reads — and decisions, on the tables in place — meanwhile. One short
  // transaction then swaps the new set in and replays on it the decisions made since it began.
  // A kill before the swap leaves the tables in place as they were (the next recompute drops
  // the unfinished set); one after it leaves the new set.

  async recompute(run: RecomputeRun): Promise<ReconcileResult> {
    const started = performance.now();
    const live = this.db;
    const { ledger, quarantine, staleness, links, plainLeads } = reconcileSql();
    const stamp = new Date().toISOString();
    const zone = this.facts.timeZone();
    const clock = this.clock();
    this.reload();
    const from = { state: this.state, actions: this.actions.length };
    const catalog = this.catalog;
    const tx = (work: () => void) => live.transaction(work)();
    /** Runs `chunk` (one piece of work; false when there is no more) in transactions of about SLICE_MS, pausing between them. */
    const sliced = async (chunk: () => boolean) => {
      for (let more = true; more; ) {
        const until = performance.now() + SLICE_MS;
        tx(() => {
          do more = chunk();
          while (more && performance.now() < until);
        });
        await run.pause();
      }
    };
    const each = async (statements: readonly string[]) => {
      for (const sql of statements) {
        tx(() => db.exec(sql));
        await run.pause();
      }
    };
    let suffix = '';
    tx(() => (suffix = createShadow(live)));
    const db = shadowView(live, suffix);
    let swapped = false;
    try {
      await run.step('catalog', () =>
        tx(() => {
          this.writeEffects(db, [...from.state.effective.values()]);
          const insert = db.prepare('INSERT INTO recon_decision_state (decision_id, state) VALUES (?, ?)');
          for (const [id, state] of from.state.states) insert.run(id, state);
          const reject = db.prepare('INSERT INTO recon_catalog_rejects (decision_id, stale_reason) VALUES (?, ?)');
          for (const r of catalogOf(from.state.effective.values()).rejected) reject.run(r.decisionId, r.reason);
        }),
      );
      let records = 0;
      await run.step('records', async () => {
        const stale = db.prepare('UPDATE recon_overrides SET stale_reason = ? WHERE decision_id = ?');
        const builder = new RecordBuilder(db, { catalog, clock, overrides: this.overridesOf(db, null), stale: (id, reason) => stale.run(reason, id) });
        let contact: number | null = 0;
        await sliced(() => (contact = builder.contactsAfter(contact!, CHUNK_RECORDS)) !== null);
        let invoice: string | null = '';
        await sliced(() => (invoice = builder.invoicesAfter(invoice!, CHUNK_RECORDS)) !== null);
        tx(() => db.exec(ledger));
        // The index sorts spill to a temporary file, not memory: in memory the covering person
        // index's sort held ~150 MB more at scale 40, and was slower.
        const tempStore = live.pragma('temp_store', { simple: true }) as number;
        live.pragma('temp_store = FILE');
        try {
          await each(indexStatements('lookup'));
        } finally {
          live.pragma(`temp_store = ${tempStore}`);
        }
        records = db.prepare('SELECT count(*) FROM recon_records').pluck().get() as number;
      });
      await run.step('people', () =>
        tx(() => {
          db.exec(links);
          clusterAll(db, this.mergeLinks(db));
        }),
      );
      await run.step('derive', async () => {
        const derivation = new FullDerivation(db, deriveEnv(db, catalog, clock), plainLeads);
        let after: string | null = '';
        await sliced(() => (after = derivation.chunk(after!)) !== null);
        tx(() => {
          db.prepare(quarantine).run({ id: null });
          writeExternalFindings(db, catalog);
        });
        await each(indexStatements('grid'));
      });
      let suggestions = 0;
      await run.step('suggestions', () => tx(() => (suggestions = suggest(db, catalog, null).stored)));
      await run.step('check', async () => {
        tx(() => db.exec(staleness));
        await each(['PRAGMA analysis_limit = 1000', ...derivedTables().map((t) => `ANALYZE ${t}`)]);
        await run.critical(() =>
          tx(() => {
            swapShadow(live);
            swapped = true;
            setMeta(live, 'computed_at', stamp);
            setMeta(live, 'time_zone', zone);
            setMeta(live, 'needs_full', null);
            // Decisions made while the set was built went to the tables it replaced: again on it.
            if (this.actions.length !== from.actions) this.applyChange(from.state);
          }),
        );
        // The old set goes table by table (each drop reads its pages; reads are served between).
        for (const table of oldTables(live)) {
          live.exec(`DROP TABLE "${table}"`);
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
      const staleCount = live.prepare("SELECT count(*) FROM recon_decision_state WHERE state = 'stale'").pluck().get() as number;
      return {
        seconds: (performance.now() - started) / 1000,
        records,
        people: live.prepare('SELECT count(*) FROM recon_people').pluck().get() as number,
        findings: live.prepare('SELECT count(*) FROM recon_findings').pluck().get() as number,
        suggestions,
        decisions: { active: [...this.state.states.values()].filter((s) => s === 'active').length - staleCount, stale: staleCount },
      };
    } finally {
      if (!swapped) tx(() => dropShadow(live, 'next'));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Decisions, undo, redo. Each runs in one transaction: the log and the derived rows change
  // together or not at all.

  decide(inputs: readonly DecisionInput[], opts: { reason?: string; origin?: string } = {}): { actionId: string; decisions: LoggedDecision[]; touched: Touched } {
    return this.inTransaction(() => {
      const prev = this.state;
      const actionId = randomUUID();
      const reviewer = this.facts.reviewer();
      const at = new Date().toISOString();
      this.appendAction({ id: actionId, kind: 'decide', refAction: null }, reviewer, at, opts.reason ?? '');
      const made: LoggedDecision[] = [];
      let catalog = this.catalog;
      for (const input of inputs) {
        const checked = checkDecision(this.db, catalog, input);
        const { target, after } = splitInput(checked.input);
        const d = this.appendDecision({
          id: randomUUID(),
          actionId,
          kind: checked.input.kind,
          targetKey: targetKeyOf(checked.input),
          target,
          before: checked.before,
          after,
          reason: input.reason ?? opts.reason ?? '',
          reviewer,
          decidedAt: at,
          origin: opts.origin ?? 'local',
        });
        made.push(d);
        if (isCatalogKind(d.kind)) catalog = catalogOf(logState(this.actions, this.decisions).effective.values()).catalog;
      }
      const touched = this.applyChange(prev);
      return { actionId, decisions: made, touched };
    });
  }

  /** Appends decisions from another workspace (ids kept) as one action. */
  importDecisions(decisions: readonly Omit<LoggedDecision, 'seq' | 'actionId'>[], origin: string): { actionId: string; touched: Touched } {
    return this.inTransaction(() => {
      const prev = this.state;
      const actionId = randomUUID();
      this.appendAction({ id: actionId, kind: 'import', refAction: null }, this.facts.reviewer(), new Date().toISOString(), origin);
      for (const d of decisions) this.appendDecision({ ...d, actionId, origin });
      return { actionId, touched: this.applyChange(prev) };
    });
  }

  undo(): { actionId: string | null; touched: Touched | null } {
    return this.stackMove('undo');
  }

  redo(): { actionId: string | null; touched: Touched | null } {
    return this.stackMove('redo');
  }

  private stackMove(kind: 'undo' | 'redo') {
    const target = kind === 'undo' ? this.state.undoTarget : this.state.redoTarget;
    if (!target) return { actionId: null, touched: null };
    return this.inTransaction(() => {
      const prev = this.state;
      this.appendAction({ id: randomUUID(), kind, refAction: target }, this.facts.reviewer(), new Date().toISOString(), '');
      return { actionId: target, touched: this.applyChange(prev) };
    });
  }

  decisionsOfAction(actionId: string): LoggedDecision[] {
    return this.decisions.filter((d) => d.actionId === actionId);
  }

  private inTransaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (err) {
      this.reload();
      throw err;
    }
  }

  private appendAction(a: Omit<ActionEntry, 'seq'>, reviewer: string, at: string, note: string): void {
    const info = this.db.prepare('INSERT INTO recon_actions (id, kind, ref_action, reviewer, at, note) VALUES (?, ?, ?, ?, ?, ?)').run(a.id, a.kind, a.refAction, reviewer, at, note);
    this.actions.push({ ...a, seq: Number(info.lastInsertRowid) });
  }

  private appendDecision(d: Omit<LoggedDecision, 'seq'>): LoggedDecision {
    const info = this.db
      .prepare(
        'INSERT INTO recon_decisions (id, action_id, kind, target_key, target, before, after, reason, reviewer, decided_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(d.id, d.actionId, d.kind, d.targetKey, JSON.stringify(d.target), JSON.stringify(d.before ?? null), JSON.stringify(d.after ?? null), d.reason, d.reviewer, d.decidedAt, d.origin);
    const logged = { ...d, seq: Number(info.lastInsertRowid) };
    this.decisions.push(logged);
    return logged;
  }

  // ------------------------------------------------------------------------------------------
  // What the decisions in force do, as rows of the effect tables.

  private writeEffects(db: Database.Database, decisions: readonly LoggedDecision[]): void {
    const rows = effectRows(decisions);
    const o = db.prepare('INSERT OR REPLACE INTO recon_overrides (rid, field, value, basis, decision_id) VALUES (?, ?, ?, ?, ?)');
    for (const r of rows.overrides) o.run(r.rid, r.field, r.value, r.basis, r.decisionId);
    const l = db.prepare('INSERT OR REPLACE INTO recon_links (kind, a, b, decision_id) VALUES (?, ?, ?, ?)');
    for (const r of rows.links) l.run(r.kind, r.a, r.b, r.decisionId);
    const s = db.prepare('INSERT OR REPLACE INTO recon_resolutions (finding_id, value, basis, decision_id, reviewer, decided_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const r of rows.resolutions) s.run(r.findingId, r.value, r.basis, r.decisionId, r.reviewer, r.decidedAt);
  }

  private deleteEffects(decisionId: string): void {
    for (const t of ['recon_overrides', 'recon_links', 'recon_resolutions']) this.db.prepare(`DELETE FROM ${t} WHERE decision_id = ?`).run(decisionId);
  }

  /** Overrides in force, of every record or of some. */
  private overridesOf(db: Database.Database, rids: readonly string[] | null): Overrides {
    const rows = (
      rids
        ? db.prepare('SELECT rid, field, value, basis, decision_id FROM recon_overrides WHERE rid IN (SELECT value FROM json_each(?))').all(JSON.stringify(rids))
        : db.prepare('SELECT rid, field, value, basis, decision_id FROM recon_overrides').all()
    ) as { rid: string; field: string; value: string | null; basis: string | null; decision_id: string }[];
    const out: Overrides = new Map();
    for (const r of rows) {
      let m = out.get(r.rid);
      if (!m) out.set(r.rid, (m = new Map()));
      m.set(r.field, { value: r.value, basis: r.basis, decisionId: r.decision_id });
    }
    return out;
  }

  private mergeLinks(db: Database.Database) {
    return (db.prepare("SELECT a, b, decision_id FROM recon_links WHERE kind = 'merge' AND stale_reason IS NULL").all() as { a: string; b: string; decision_id: string }[]).map((l) => ({
      a: l.a,
      b: l.b,
      decisionId: l.decision_id,
    }));
  }

  // ------------------------------------------------------------------------------------------
  // The incremental update: what changed in the log → what it touches → those rows again.

  private applyChange(prev: LogState): Touched {
    const db = this.db;
    this.clock();
    const next = logState(this.actions, this.decisions);
    this.state = next;
    const changed: string[] = [];
    for (const key of new Set([...prev.effective.keys(), ...next.effective.keys()])) {
      if (prev.effective.get(key)?.id !== next.effective.get(key)?.id) changed.push(key);
    }
    // States of every decision on a changed target (and of new decisions on unchanged ones).
    const upsert = db.prepare('INSERT INTO recon_decision_state (decision_id, state) VALUES (?, ?) ON CONFLICT (decision_id) DO UPDATE SET state = excluded.state, stale_reason = NULL');
    const changedSet = new Set(changed);
    for (const d of this.decisions) if (changedSet.has(d.targetKey) || !prev.states.has(d.id)) upsert.run(d.id, next.states.get(d.id)!);

    if (changed.some((k) => k.startsWith('catalog:'))) {
      this.catalog = catalogOf(next.effective.values()).catalog;
      for (const key of changed) {
        const old = prev.effective.get(key);
        const now = next.effective.get(key);
        if (old) this.deleteEffects(old.id);
        if (now) this.writeEffects(this.db, [now]);
      }
      setMeta(db, 'needs_full', '1');
      return { people: 0, findings: 0, planRows: 0, needsFull: true };
    }

    const personOfRecord = db.prepare('SELECT person_id FROM recon_records WHERE rid = ?').pluck();
    const personOfKey = db.prepare('SELECT person_id FROM recon_records WHERE key = ? LIMIT 1').pluck();
    const personOfFinding = db.prepare('SELECT person_id FROM recon_findings WHERE id = ?').pluck();
    const people = new Set<string>();
    const rids = new Set<string>();
    const unpersoned: string[] = [];
    for (const key of changed) {
      const old = prev.effective.get(key);
      const now = next.effective.get(key);
      const d = (now ?? old)!;
      if (old) this.deleteEffects(old.id);
      if (now) this.writeEffects(this.db, [now]);
      const t = d.target;
      if (typeof t.record === 'string') {
        rids.add(t.record);
        const p = personOfRecord.get(t.record) as string | undefined;
        if (p) people.add(p);
      } else if (d.kind === 'merge' || d.kind === 'decline') {
        for (const k of [String(t.a), String(t.b)]) {
          const p = personOfKey.get(k) as string | undefined;
          if (p) people.add(p);
        }
      } else if (d.kind === 'resolve') {
        const finding = String(t.finding);
        const p = personOfFinding.get(finding) as string | null | undefined;
        if (p) people.add(p);
        else unpersoned.push(finding);
      }
    }
    const extraKeys: string[] = [];
    if (rids.size) {
      const list = [...rids];
      db.prepare('UPDATE recon_overrides SET stale_reason = NULL WHERE rid IN (SELECT value FROM json_each(?))').run(JSON.stringify(list));
      const stale = db.prepare('UPDATE recon_overrides SET stale_reason = ? WHERE decision_id = ?');
      const builder = new RecordBuilder(db, { catalog: this.catalog, clock: this.clock(), overrides: this.overridesOf(db, list), stale: (id, reason) => stale.run(reason, id) });
      builder.some(list);
      for (const k of db.prepare('SELECT key FROM recon_records WHERE rid IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(list)) as string[]) extraKeys.push(k);
    }
    const { links, staleness } = reconcileSql();
    db.exec(links);
    const now = recluster(db, [...people], extraKeys, this.mergeLinks(db));
    const dirty = [...new Set([...people, ...now])];
    db.prepare('UPDATE recon_resolutions SET stale_reason = NULL').run();
    const stats = deriveSome(db, deriveEnv(db, this.catalog, this.clock()), dirty);
    suggest(db, this.catalog, dirty);
    for (const id of unpersoned) refreshResolution(db, id);
    db.exec(staleness);
    return { people: stats.people, findings: stats.findings, planRows: stats.planRows, needsFull: false };
  }
}
