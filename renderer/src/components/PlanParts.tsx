// Pieces of a swap plan shown by the Plan and Cut over steps and the launch report: a fact, the
// plan's facts, the rows per table versus production, one step's SQL (collapsible), and a row
// key in words.
import type { ReactNode } from 'react';
import { planStepLabels, type CutoverPlanResult, type PlanStep, type RowDelta } from '../../../shared/api/cutover.ts';
import { formatMs, formatNumber, formatTime } from '../format.ts';

/** One label / value pair of a `dl.facts`. */
export function Fact({ label, children, mono = false, title, testId }: { label: string; children: ReactNode; mono?: boolean; title?: string; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : 'num'} title={title} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** What a plan is: where, when, the lock it expects, the writes it will carry and its hash. */
export function PlanFacts({ result: r, tables = false, testId }: { result: CutoverPlanResult; tables?: boolean; testId?: string }) {
  return (
    <dl className="facts" data-testid={testId}>
      <Fact label="Target" mono>
        {r.target}
      </Fact>
      {tables && (
        <Fact label="Tables" mono>
          {r.plan.tables.map((t) => t.live).join(', ')}
        </Fact>
      )}
      <Fact label="Planned">
        {formatTime(r.at, { full: true })} <span className="muted small">({formatMs(r.planMs)})</span>
      </Fact>
      <Fact label="Expected lock">{formatMs(r.plan.expectedLockMs)}</Fact>
      <Fact label="Writes to carry over">{formatNumber(r.plan.pendingWrites)}</Fact>
      <Fact label="Plan" mono title={r.plan.sha256}>
        {r.plan.sha256.slice(0, 16)}
      </Fact>
    </dl>
  );
}

const phaseText: Record<PlanStep['phase'], string> = {
  prepare: 'before the lock',
  locked: 'under the lock',
  after: 'after the commit',
};

/** A key such as {id: 42} as "id = 42". */
export function keyText(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

export function RowDeltaTable({ deltas, testId }: { deltas: readonly RowDelta[]; testId: string }) {
  return (
    <table className="data-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Table</th>
          <th scope="col" className="n">
            In production
          </th>
          <th scope="col" className="n">
            Coming in
          </th>
          <th scope="col" className="n">
            Added
          </th>
          <th scope="col" className="n">
            Removed
          </th>
          <th scope="col" className="n">
            Changed
          </th>
        </tr>
      </thead>
      <tbody>
        {deltas.map((d) => (
          <tr key={d.table} data-testid={`delta-${d.table}`}>
            <td className="mono">{d.table}</td>
            <td className="n">{formatNumber(d.liveRows)}</td>
            <td className="n">{formatNumber(d.standbyRows)}</td>
            <td className="n">{formatNumber(d.added)}</td>
            <td className="n">{formatNumber(d.removed)}</td>
            <td className="n">{formatNumber(d.changed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface StepLike {
  id: PlanStep['id'];
  label?: string;
  phase: PlanStep['phase'];
  statements: readonly { label: string; sql: string }[];
}

/** One step's statements, each with why it is there; collapsed unless `open` (the printed report). */
export function StepSql({ step, open = false }: { step: StepLike; open?: boolean }) {
  const label = step.label ?? planStepLabels[step.id];
  const head = (
    <>
      <strong>{label}</strong>{' '}
      <span className="muted">
        · {phaseText[step.phase]} · {step.statements.length === 0 ? 'nothing to do' : `${formatNumber(step.statements.length)} statement${step.statements.length === 1 ? '' : 's'}`}
      </span>
    </>
  );
  const body = step.statements.map((s, i) => (
    <div key={i} className="sql-statement">
      <p className="small">{s.label}</p>
      <pre className="sql">
        <code>{s.sql}</code>
      </pre>
    </div>
  ));
  if (open) {
    return (
      <div className="step-sql" data-step={step.id}>
        <p>{head}</p>
        {body}
      </div>
    );
  }
  return (
    <details className="step-sql" data-testid={`sql-${step.id}`} data-step={step.id}>
      <summary>{head}</summary>
      {body}
    </details>
  );
}
