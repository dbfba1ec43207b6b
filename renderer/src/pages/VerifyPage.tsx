// Step 8: after the cutover — where production stands (the cutover in effect, or rolled back), the
// checks that ran before and after COMMIT, the launch report (here, and as a PDF through its print
// route), the rollback behind the same type-to-confirm with its live steps and result, and
// dropping the backups as an explicit, confirmed action. Only this last one is irreversible.
import { useState } from 'react';
import type { BackupsDropResult, CutoverStatus, HistoryEntry } from '../../../shared/api/cutover.ts';
import { isJobOf, type JobOf } from '../../../shared/api/jobs.ts';
import { parkedSwaps, swapState } from '../cutoverState.ts';
import { CheckList, LaunchReportView } from '../components/LaunchReportView.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { SwapJobView } from '../components/SwapJob.tsx';
import { TypeToConfirm } from '../components/TypeToConfirm.tsx';
import { formatMs, formatNumber, formatTime } from '../format.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import { isRunning, useJobs, useKnownJob } from '../hooks/useJobs.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { routeHref } from '../hooks/useRoute.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';

export function VerifyPage() {
  const status = useQuery('cutover-status', {}, 'Cutover status');
  const s = status.data;
  return (
    <div className="page page-wide">
      <StepHeader id="verify" />
      {s === undefined ? (
        <p className="muted">{status.loading ? 'Reading the target…' : 'The cutover’s state could not be read.'}</p>
      ) : (
        <>
          <ProductionState status={s} />
          {s.last && <Report jobId={s.last.jobId} />}
          <Rollback status={s} />
          <Backups status={s} />
          <History status={s} />
        </>
      )}
    </div>
  );
}

function ProductionState({ status: s }: { status: CutoverStatus }) {
  const state = swapState(s.history, s.inEffect);
  const rollback = state === 'rolled-back' ? s.history.find((h) => h.kind === 'rollback' && h.status === 'committed') : undefined;
  return (
    <section className="card no-print" aria-labelledby="state-h" data-testid="swap-state" data-state={state}>
      <h2 id="state-h">Production</h2>
      {s.historyError && (
        <p className="bad" role="alert">
          The target&rsquo;s cutover history could not be read: {s.historyError}
        </p>
      )}
      {state === 'in-effect' && s.inEffect && (
        <p className="good" data-testid="swap-state-line">
          Cut over: production runs on the new tables since {formatTime(s.inEffect.committedAt, { full: true })} (history #{s.inEffect.id}, lock held {formatMs(s.inEffect.lockHoldMs)}).
        </p>
      )}
      {state === 'rolled-back' && rollback && (
        <p className="good" data-testid="swap-state-line">
          Rolled back at {formatTime(rollback.committedAt, { full: true })} (history #{rollback.id}): production has its tables as they were before the cutover, with the writes made
          since.
        </p>
      )}
      {state === 'none' && (
        <p className="muted" data-testid="swap-state-line">
          No cutover has run on this target yet. <a href={routeHref({ page: 'step', step: 'cutover' })}>Cut over first.</a>
        </p>
      )}
    </section>
  );
}

function Report({ jobId }: { jobId: string }) {
  const api = useApi();
  const report = useQuery('cutover-report', { jobId }, 'Launch report');
  const r = report.data;
  if (!r) return <p className="muted card">{report.loading ? 'Reading the launch report…' : 'The launch report could not be read.'}</p>;
  const failed = r.checks.afterCommit.filter((c) => !c.ok).length;
  const total = r.checks.beforeCommit.length + r.checks.afterCommit.length;
  return (
    <>
      <section className="card no-print" aria-labelledby="checks-h" data-testid="post-checks" data-outcome={failed ? 'failed' : 'passed'}>
        <h2 id="checks-h">{r.direction === 'cutover' ? 'Post-cutover checks' : 'Post-rollback checks'}</h2>
        <p className={failed ? 'bad' : 'good'} data-testid="post-checks-line">
          {failed ? `${formatNumber(failed)} of ${formatNumber(total)} checks failed.` : `All ${formatNumber(total)} checks passed.`}{' '}
          <span className="muted">
            Counts, control totals and orphans were verified before COMMIT; after it, foreign keys were validated, tables analysed, the API&rsquo;s schema reloaded, and the catalog and the auth users read again as the live app reads them.
          </span>
        </p>
        <CheckList report={r} />
      </section>
      <section className="card printable" aria-label="Launch report" data-testid="report-card">
        <div className="actions no-print">
          <button type="button" className="secondary" onClick={() => void api.printReport('launch')} data-testid="print-launch-report">
            Print / save as PDF
          </button>
        </div>
        <LaunchReportView report={r} />
      </section>
    </>
  );
}

/** The rollback job to show: the one started here, else one running, else the last committed rollback. */
function useRollbackJob(status: CutoverStatus, started: JobOf<'rollback'> | undefined): JobOf<'rollback'> | undefined {
  const running = useJobs().find((j): j is JobOf<'rollback'> => isJobOf(j, 'rollback') && isRunning(j));
  const last = status.last?.direction === 'rollback' ? status.last.jobId : null;
  const lastJob = useKnownJob(started || running ? null : last);
  return started ?? running ?? (lastJob && isJobOf(lastJob, 'rollback') ? lastJob : undefined);
}

function Rollback({ status: s }: { status: CutoverStatus }) {
  const api = useApi();
  const starting = useStartedJob('rollback');
  const job = useRollbackJob(s, starting.job);
  const active = job !== undefined && isRunning(job);
  return (
    <section className="card no-print" aria-labelledby="rollback-h" data-testid="rollback">
      <h2 id="rollback-h">Roll back</h2>
      {s.cannotRollBack ? (
        <p className="muted" data-testid="cannot-roll-back">
          {s.cannotRollBack}
        </p>
      ) : (
        s.confirmation &&
        !active && (
          <TypeToConfirm
            phrase={s.confirmation.rollback}
            action="Roll back"
            busyAction="Starting…"
            busy={starting.busy}
            disabled={s.running !== null}
            testId="rollback-confirm"
            onConfirm={(typed) => void starting.start(() => api.call('rollback-start', { confirm: typed }), 'Roll back')}
          >
            <p>
              In one transaction, the tables the cutover replaced come back from its backups, with the writes the app made since the cutover carried back; the auth users the cutover
              added are removed unless they have been used since (those are kept and listed). If anything fails, nothing is committed.
            </p>
          </TypeToConfirm>
        )
      )}
      {job && <SwapJobView job={job} />}
    </section>
  );
}

function Backups({ status: s }: { status: CutoverStatus }) {
  const list = parkedSwaps(s.history);
  // Kept here: the dropped swap leaves the list as soon as the history says so.
  const [dropped, setDropped] = useState<BackupsDropResult | null>(null);
  return (
    <section className="card no-print" aria-labelledby="backups-h" data-testid="backups">
      <h2 id="backups-h">Backups</h2>
      {dropped && (
        <p className="good" role="status" data-testid="backups-dropped">
          Dropped {formatNumber(dropped.dropped.length)} tables and the schema <span className="mono">{dropped.schema}</span> (history #{dropped.historyId}).
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">No backup tables are kept in the target.</p>
      ) : (
        <>
          <p className="muted">
            The tables each swap replaced stay in the target until you drop them. Dropping cannot be undone, and it is refused (never done with CASCADE) if anything still depends on
            them.
          </p>
          {list.map((h) => (
            <DropBackups key={h.id} entry={h} inEffect={s.inEffect?.id === h.id} busy={s.running !== null} onDropped={setDropped} />
          ))}
        </>
      )}
    </section>
  );
}

function DropBackups({ entry: h, inEffect, busy, onDropped }: { entry: HistoryEntry; inEffect: boolean; busy: boolean; onDropped: (r: BackupsDropResult) => void }) {
  const api = useApi();
  const action = useAction();
  const [problem, setProblem] = useState<string | null>(null);
  const schema = h.parkSchema!;
  return (
    <div className="backup" data-testid={`backup-${h.id}`}>
      <h3>
        <span className="mono">{schema}</span>{' '}
        <span className="muted small">
          · the tables {h.kind === 'cutover' ? 'the cutover' : 'the rollback'} #{h.id} replaced ({h.tables.map((t) => t.live).join(', ')}), {formatTime(h.committedAt, { full: true })}
        </span>
      </h3>
      {inEffect && <p className="warn">These are production&rsquo;s tables from before the cutover: once they are dropped, the cutover can no longer be rolled back.</p>}
      {problem && (
        <p className="bad" role="alert" data-testid="drop-problem">
          {problem}
        </p>
      )}
      <TypeToConfirm
        phrase={schema}
        action="Drop the backups"
        busyAction="Dropping…"
        busy={action.busy}
        disabled={busy}
        testId={`drop-${h.id}`}
        onConfirm={(typed) => {
          setProblem(null);
          void action
            .run(() => api.call('backups-drop', { historyId: h.id, confirm: typed }), {
              context: 'Drop the backups',
              // A refusal (something still depends on them) is shown here, beside the action.
              onError: (err) => {
                setProblem(err instanceof Error ? err.message : String(err));
                return true;
              },
            })
            .then((r) => r && onDropped(r));
        }}
      />
    </div>
  );
}

function History({ status: s }: { status: CutoverStatus }) {
  if (s.history.length === 0) return null;
  return (
    <section className="card no-print" aria-labelledby="swap-history-h" data-testid="swap-history">
      <h2 id="swap-history-h">Cutover history in the target</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">Started</th>
            <th scope="col" className="n">
              Lock held
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {s.history.map((h) => (
            <tr key={h.id} data-kind={h.kind} data-status={h.status}>
              <td className="n">{h.id}</td>
              <td>{h.kind}</td>
              <td>
                <StateBadge state={h.status === 'committed' ? 'done' : h.status} title={h.status} />
              </td>
              <td>{formatTime(h.startedAt, { full: true })}</td>
              <td className="n">{h.lockHoldMs === null ? '' : formatMs(h.lockHoldMs)}</td>
              <td>
                {h.error ?? [h.rolledBack ? 'rolled back' : '', h.backupsDropped ? 'backups dropped' : ''].filter(Boolean).join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
