// The launch report of a committed cutover (or rollback), as the engine gives it (cutover-report):
// the plan, the figures, the checks, the writes carried over, the auth users, and how to roll
// back. The Verify step shows it; the print route (#/print/launch) shows it alone, SQL open, for
// the PDF.
import type { LaunchReport } from '../../../shared/api/cutover.ts';
import { formatMs, formatNumber, formatTime } from '../format.ts';
import { StateBadge } from './StateBadge.tsx';
import { Fact, RowDeltaTable, StepSql, keyText } from './PlanParts.tsx';

export function LaunchReportView({ report: r, print = false }: { report: LaunchReport; print?: boolean }) {
  const what = r.direction === 'cutover' ? 'Launch report' : 'Rollback report';
  const checks = r.checks.beforeCommit.length + r.checks.afterCommit.length;
  const failedAfter = r.checks.afterCommit.filter((c) => !c.ok);
  return (
    <article className="launch-report" aria-labelledby="report-h" data-testid="launch-report" data-direction={r.direction}>
      <h2 id="report-h">{what}</h2>
      <p className="summary">
        {r.direction === 'cutover' ? 'The cutover' : 'The rollback'} of {r.plan.tables.map((t) => t.live).join(', ')} committed on <span className="mono">{r.target}</span> at{' '}
        {formatTime(r.at, { full: true })}, holding the tables&rsquo; lock for {formatMs(r.figures.lockHoldMs)}.
      </p>
      <dl className="facts" data-testid="report-facts">
        <Fact label="Target" mono>{r.target}</Fact>
        <Fact label="Committed">{formatTime(r.at, { full: true })}</Fact>
        <Fact label="History entry">{`#${r.historyId}`}</Fact>
        <Fact label="Plan" mono>{r.plan.sha256.slice(0, 16)}</Fact>
        <Fact label="Lock held">{formatMs(r.figures.lockHoldMs)}</Fact>
        <Fact label="Expected lock">{formatMs(r.figures.expectedLockMs)}</Fact>
        <Fact label="Lock attempts">{formatNumber(r.figures.lockAttempts)}</Fact>
        <Fact label="Waited for the lock">{formatMs(r.figures.lockWaitMs)}</Fact>
        <Fact label="Writes carried over">{formatNumber(r.carriedOver.total)}</Fact>
        {r.appVersion && <Fact label="App version">{r.appVersion}</Fact>}
      </dl>

      <section aria-labelledby="report-tables-h" className="report-section">
        <h3 id="report-tables-h">Tables swapped</h3>
        <p className="muted small">Locked together in this order: {r.plan.lockOrder.join(', ')}.</p>
        {r.figures.rowDeltas.length > 0 ? (
          <RowDeltaTable deltas={r.figures.rowDeltas} testId="report-deltas" />
        ) : (
          <ul data-testid="report-deltas">
            {r.plan.tables.map((t) => (
              <li key={t.live} className="mono">
                {t.live}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="report-checks-h" className="report-section" data-testid="report-checks" data-failed={failedAfter.length}>
        <h3 id="report-checks-h">Checks</h3>
        <p className={failedAfter.length ? 'bad' : 'good'}>
          {failedAfter.length
            ? `${formatNumber(failedAfter.length)} of ${formatNumber(checks)} checks failed after the commit (the swap itself stands: these are reported, not undone).`
            : `All ${formatNumber(checks)} checks passed.`}
        </p>
        <CheckList report={r} />
      </section>

      <section aria-labelledby="report-timings-h" className="report-section">
        <h3 id="report-timings-h">Step timings</h3>
        <table className="data-table compact-table" data-testid="report-timings">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="n">
                Time
              </th>
            </tr>
          </thead>
          <tbody>
            {r.figures.stepTimings.map((t) => (
              <tr key={t.step}>
                <td>{t.label}</td>
                <td className="n">{formatMs(t.ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="report-carried-h" className="report-section" data-testid="report-carried">
        <h3 id="report-carried-h">Writes carried over</h3>
        <CarriedWrites carried={r.carriedOver} direction={r.direction} />
      </section>

      <section aria-labelledby="report-auth-h" className="report-section" data-testid="report-auth">
        <h3 id="report-auth-h">Auth users</h3>
        <p>
          {Object.entries(r.auth.counts)
            .map(([k, n]) => `${formatNumber(n)} ${k}`)
            .join(', ') || 'No change to auth.users.'}
        </p>
        {r.auth.kept.length > 0 && (
          <>
            <p className="warn">Kept, because they were used since the cutover (never removed silently):</p>
            <table className="data-table small">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                {r.auth.kept.map((u) => (
                  <tr key={u.id}>
                    <td className="mono">{u.id}</td>
                    <td>{u.email ?? '—'}</td>
                    <td>{formatTime(u.lastSignInAt, { full: true })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      {r.plan.orphanCases.length > 0 && (
        <section aria-labelledby="report-orphans-h" className="report-section">
          <h3 id="report-orphans-h">Rows that would have lost their parent</h3>
          <ul>
            {r.plan.orphanCases.map((o) => (
              <li key={o.id}>
                {formatNumber(o.childRows)} rows of <span className="mono">{o.childTable}</span> referencing <span className="mono">{o.parentTable}</span> ({keyText(o.parentKey)}): {o.choice}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="report-rollback-h" className="report-section" data-testid="report-rollback">
        <h3 id="report-rollback-h">{r.direction === 'cutover' ? 'How to roll back' : 'What the rollback did'}</h3>
        <p>
          The replaced tables are kept in <span className="mono">{r.rollback.backupSchema}</span> until they are dropped.{' '}
          {r.direction === 'cutover' && (r.rollback.available ? 'A rollback is possible.' : 'A rollback is no longer possible.')}
        </p>
        <ol>
          {r.rollback.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
        {r.rollback.howTo.length > 0 && (
          <ul>
            {r.rollback.howTo.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="report-sql-h" className="report-section">
        <h3 id="report-sql-h">The SQL that ran</h3>
        {r.plan.steps.map((s) => (
          <StepSql key={s.id} step={s} open={print} />
        ))}
      </section>
      {r.reportFile && (
        <p className="muted small">
          Also written to <span className="mono">{r.reportFile}</span>
        </p>
      )}
    </article>
  );
}

/** Every check, before COMMIT (all passed, or nothing was committed) and after it. */
export function CheckList({ report: r }: { report: LaunchReport }) {
  return (
    <ul className="check-list" data-testid="check-list">
      {r.checks.beforeCommit.map((c, i) => (
        <li key={`b${i}`} data-ok="true">
          <StateBadge state="ok" /> {c.label} <span className="muted small">· before commit</span>
        </li>
      ))}
      {r.checks.afterCommit.map((c, i) => (
        <li key={`a${i}`} data-ok={c.ok}>
          <StateBadge state={c.ok ? 'ok' : 'failed'} /> {c.label} <span className="muted small">· after commit, {formatMs(c.ms)}</span>
          {c.error && <span className="bad"> — {c.error}</span>}
        </li>
      ))}
    </ul>
  );
}

function CarriedWrites({ carried: c, direction }: { carried: LaunchReport['carriedOver']; direction: LaunchReport['direction'] }) {
  if (c.total === 0) return <p>None: the live app wrote nothing to these tables {direction === 'cutover' ? 'since the push' : 'since the cutover'}.</p>;
  return (
    <>
      <p>
        {formatNumber(c.total)} writes the live app made {direction === 'cutover' ? 'since the push were carried into the new tables' : 'since the cutover were carried back'} under the lock
        {direction === 'cutover' && <> (for columns the migration owns that the app changed, the {c.migrationColumns === 'production' ? 'production value' : 'migration value'} was kept)</>}.
      </p>
      <table className="data-table compact-table">
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Write</th>
            <th scope="col" className="n">
              Rows
            </th>
          </tr>
        </thead>
        <tbody>
          {c.counts.map((n) => (
            <tr key={`${n.table}:${n.action}`}>
              <td className="mono">{n.table}</td>
              <td>{n.action}</td>
              <td className="n">{formatNumber(n.rows)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Carried rows">
        <table className="data-table small" data-testid="carried-rows">
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">Write</th>
              <th scope="col">Row</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((row, i) => (
              <tr key={i}>
                <td className="mono">{row.table}</td>
                <td>{row.action}</td>
                <td className="mono">{keyText(row.key)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {c.rows.length < c.total && <p className="muted small">The first {formatNumber(c.rows.length)} are listed.</p>}
    </>
  );
}
