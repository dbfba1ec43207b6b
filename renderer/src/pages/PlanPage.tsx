// Step 6: the exact cutover, read from the target before anything runs — the inventory of what the
// swapped tables carry and what depends on them, anything that refuses the plan (with the object
// and why), rows of other tables that would lose their parent (a choice per case), the SQL of
// every step, the rows added/removed/changed per table versus production, the expected lock time
// and the rollback in words. Choices change the plan, so they are planned again before they count.
import { useState } from 'react';
import { migrationColumnPolicies, orphanChoices, type CutoverPlanResult, type MigrationColumnPolicy, type OrphanCase, type OrphanChoice, type TableInventorySummary } from '../../../shared/api/cutover.ts';
import { isJobOf } from '../../../shared/api/jobs.ts';
import { PlanFacts, RowDeltaTable, StepSql, keyText } from '../components/PlanParts.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { StepHeader } from '../components/StepHeader.tsx';
import { formatMs, formatNumber } from '../format.ts';
import { useApi } from '../hooks/useApi.ts';
import { useCutoverState } from '../hooks/useCutover.ts';
import { isRunning, useJobs } from '../hooks/useJobs.ts';
import { routeHref } from '../hooks/useRoute.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';

const choiceText: Record<OrphanChoice, string> = {
  'keep-parent': 'Keep the parent (copy the production row in)',
  'delete-children': 'Delete the child rows',
  abort: 'Abort the cutover',
};
const policyText: Record<MigrationColumnPolicy, string> = {
  production: "Production's newer value (the app's change stands)",
  migration: "The migration's value (the plan's, from the sources)",
};

export function PlanPage() {
  const api = useApi();
  const { status, planJob, plan } = useCutoverState();
  const planning = useStartedJob('cutover-plan');
  const running = useJobs().find((j) => isJobOf(j, 'cutover-plan') && isRunning(j));
  const [choices, setChoices] = useState<Record<string, OrphanChoice>>({});
  const [policy, setPolicy] = useState<MigrationColumnPolicy | null>(null);
  const s = status.data;
  // The plan just asked for, while it runs or if it failed; else the last one made.
  const shownJob = planning.job && planning.job.state !== 'done' ? planning.job : planJob;
  const failed = shownJob && (shownJob.state === 'failed' || shownJob.state === 'cancelled' || shownJob.state === 'interrupted') ? shownJob : undefined;
  // Choices made here that the plan shown does not have yet.
  const edited =
    plan !== undefined &&
    (Object.entries(choices).some(([id, c]) => (plan.plan.orphanCases.find((o) => o.id === id)?.choice ?? plan.plan.options.choices[id]) !== c) ||
      (policy !== null && policy !== plan.plan.options.migrationColumns));
  const busy = planning.busy || running !== undefined;

  const makePlan = () =>
    void planning.start(
      () =>
        api.call('cutover-plan', {
          direction: 'cutover',
          choices: { ...(plan?.plan.options.choices ?? {}), ...choices },
          migrationColumns: policy ?? plan?.plan.options.migrationColumns ?? 'production',
        }),
      'Plan the cutover',
    );

  return (
    <div className="page page-wide">
      <StepHeader id="plan" />
      <section className="card" aria-labelledby="plan-h" data-testid="plan">
        <div className="card-head">
          <h2 id="plan-h">The cutover plan</h2>
          <div className="actions">
            <button type="button" className="primary" data-testid="plan-start" disabled={!s || s.cannotPlan !== null || busy} onClick={makePlan}>
              {busy ? 'Planning…' : plan ? (edited ? 'Plan again with these choices' : 'Plan again') : 'Plan the cutover'}
            </button>
          </div>
        </div>
        <p className="muted">
          Reads production and staging in the target and says exactly what the cutover will do. Nothing changes in the target until you confirm it in the next step.
        </p>
        {s?.cannotPlan && (
          <p className="warning-box" data-testid="cannot-plan">
            {s.cannotPlan}
          </p>
        )}
        {busy && (
          <p className="muted" role="status" data-testid="planning">
            Reading the target and planning…
          </p>
        )}
        {failed && (
          <div className="form-error" role="alert" data-testid="plan-error">
            <p>{failed.error?.message ?? `Planning ended: ${failed.state}.`}</p>
          </div>
        )}
        {plan && <PlanSummary result={plan} />}
      </section>
      {plan && (
        <>
          {plan.plan.refusals.length > 0 && <Refusals result={plan} />}
          <Inventory inventory={plan.inventory} />
          <section className="card" aria-labelledby="deltas-h">
            <h2 id="deltas-h">Rows versus production</h2>
            <p className="muted">What each swapped table holds now and what comes in from staging: rows only staging has are added, rows only production has are removed.</p>
            <RowDeltaTable deltas={plan.plan.rowDeltas} testId="plan-deltas" />
          </section>
          <Choices result={plan} choices={choices} setChoice={(id, c) => setChoices((x) => ({ ...x, [id]: c }))} policy={policy ?? plan.plan.options.migrationColumns} setPolicy={setPolicy} edited={edited} busy={busy} onPlan={makePlan} />
          <section className="card" aria-labelledby="sql-h" data-testid="plan-sql">
            <h2 id="sql-h">The SQL, step by step</h2>
            <p className="muted">
              One transaction: the steps before the lock prepare without blocking the app; the locked steps run while every table is held, in the order{' '}
              <span className="mono">{plan.plan.lockOrder.join(', ')}</span>; the last ones run once it has committed.
            </p>
            {plan.plan.steps.map((step) => (
              <StepSql key={step.id} step={step} />
            ))}
          </section>
          <section className="card" aria-labelledby="rollback-words-h" data-testid="plan-rollback">
            <h2 id="rollback-words-h">Lock time and the rollback</h2>
            <p>
              Expected lock time: about <strong data-testid="expected-lock">{formatMs(plan.plan.expectedLockMs)}</strong> (the app&rsquo;s reads and writes of these tables wait that
              long). {formatNumber(plan.plan.pendingWrites)} writes the app made since the push will be carried over.
            </p>
            <p>If the cutover has to be undone, the rollback:</p>
            <ol>
              {plan.plan.rollback.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ol>
          </section>
          {plan.runnable && (
            <p>
              <a href={routeHref({ page: 'step', step: 'cutover' })} className="button-link" data-testid="to-cutover">
                Next: Cut over →
              </a>
            </p>
          )}
        </>
      )}
    </div>
  );
}

function PlanSummary({ result: r }: { result: CutoverPlanResult }) {
  return (
    <div data-testid="plan-summary" data-runnable={r.runnable}>
      <p className={r.runnable ? 'good' : 'bad'} data-testid="plan-verdict">
        {r.runnable
          ? `The plan can run: it swaps ${r.plan.tables.length} tables.`
          : `The plan is refused: ${r.plan.refusals.length} thing${r.plan.refusals.length === 1 ? '' : 's'} must be resolved first (below).`}
      </p>
      <PlanFacts result={r} />
      <h3>Tables swapped</h3>
      <ul className="swapped-tables" data-testid="plan-tables">
        {r.plan.tables.map((t) => (
          <li key={t.live}>
            <span className="mono">{t.live}</span> <span className="muted small">← {t.standby}; production&rsquo;s kept as {t.park}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Refusals({ result: r }: { result: CutoverPlanResult }) {
  return (
    <section className="card" aria-labelledby="refusals-h" data-testid="plan-refusals">
      <h2 id="refusals-h">Refused</h2>
      <div role="alert">
        <p className="bad">The cutover cannot handle these objects, so it will not start. Nothing has been changed.</p>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Object</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {r.plan.refusals.map((f, i) => (
              <tr key={i} data-testid="refusal">
                <td className="mono">{f.object}</td>
                <td>{f.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const inventoryParts: { key: keyof TableInventorySummary; label: string }[] = [
  { key: 'constraints', label: 'Constraints' },
  { key: 'indexes', label: 'Indexes' },
  { key: 'sequences', label: 'Sequences' },
  { key: 'inboundForeignKeys', label: 'Foreign keys of other tables' },
  { key: 'views', label: 'Views' },
  { key: 'materializedViews', label: 'Materialized views' },
  { key: 'functions', label: 'Functions' },
  { key: 'policies', label: 'Policies' },
  { key: 'otherPolicies', label: 'Policies of other tables' },
  { key: 'grants', label: 'Grants' },
  { key: 'columnGrants', label: 'Column grants' },
  { key: 'triggers', label: 'Triggers' },
  { key: 'rules', label: 'Rules' },
  { key: 'publications', label: 'Publications' },
  { key: 'statistics', label: 'Statistics' },
];

const dependents = (t: TableInventorySummary) => t.inboundForeignKeys.length + t.views.length + t.materializedViews.length + t.functions.length + t.otherPolicies.length;

function Inventory({ inventory }: { inventory: TableInventorySummary[] }) {
  return (
    <section className="card" aria-labelledby="inventory-h" data-testid="plan-inventory">
      <h2 id="inventory-h">What the swapped tables carry, and what depends on them</h2>
      <p className="muted">Everything here is reproduced on the new tables or re-pointed at them, exactly as production has it.</p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">Owner</th>
            <th scope="col">Row security</th>
            <th scope="col" className="n">
              Policies
            </th>
            <th scope="col" className="n">
              Grants
            </th>
            <th scope="col" className="n">
              Triggers
            </th>
            <th scope="col" className="n">
              Dependents
            </th>
            <th scope="col">Replica identity</th>
          </tr>
        </thead>
        <tbody>
          {inventory.map((t) => (
            <tr key={t.table} data-testid={`inventory-${t.table}`}>
              <td className="mono">{t.table}</td>
              <td>{t.owner}</td>
              <td>{t.rls}</td>
              <td className="n">{formatNumber(t.policies.length)}</td>
              <td className="n">{formatNumber(t.grants.length + t.columnGrants.length)}</td>
              <td className="n">{formatNumber(t.triggers.length)}</td>
              <td className="n">{formatNumber(dependents(t))}</td>
              <td>{t.replicaIdentity}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {inventory.map((t) => (
        <details key={t.table} className="inventory-table">
          <summary>
            <span className="mono">{t.table}</span> <span className="muted">· {formatNumber(t.columns)} columns{t.comment ? ` · “${t.comment}”` : ''}</span>
          </summary>
          <dl className="inventory-list">
            {inventoryParts
              .filter((p) => (t[p.key] as string[]).length > 0)
              .map((p) => (
                <div key={p.key}>
                  <dt>{p.label}</dt>
                  <dd className="mono small">{(t[p.key] as string[]).join(', ')}</dd>
                </div>
              ))}
          </dl>
        </details>
      ))}
    </section>
  );
}

function Choices(props: {
  result: CutoverPlanResult;
  choices: Record<string, OrphanChoice>;
  setChoice: (id: string, c: OrphanChoice) => void;
  policy: MigrationColumnPolicy;
  setPolicy: (p: MigrationColumnPolicy) => void;
  edited: boolean;
  busy: boolean;
  onPlan: () => void;
}) {
  const { result: r, choices, setChoice, policy, setPolicy, edited, busy, onPlan } = props;
  const cases = r.plan.orphanCases;
  return (
    <section className="card" aria-labelledby="orphans-h" data-testid="plan-orphans">
      <h2 id="orphans-h">Rows that would lose their parent</h2>
      {cases.length === 0 ? (
        <p data-testid="no-orphans">None: every row of the other tables keeps its parent.</p>
      ) : (
        <>
          <p className="muted">Rows of other tables reference a row the swap removes. Choose for each case; a changed choice counts once the plan is made again.</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Rows</th>
                <th scope="col">Of</th>
                <th scope="col">Reference</th>
                <th scope="col">On delete</th>
                <th scope="col">Choice</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((o) => (
                <OrphanRow key={o.id} orphan={o} value={choices[o.id] ?? o.choice} onChange={(c) => setChoice(o.id, c)} />
              ))}
            </tbody>
          </table>
        </>
      )}
      <fieldset className="policy" data-testid="migration-columns">
        <legend>Columns the migration owns that the live app changed since the push</legend>
        {migrationColumnPolicies.map((p) => (
          <label key={p} className="radio">
            <input type="radio" name="migration-columns" value={p} checked={policy === p} onChange={() => setPolicy(p)} /> {policyText[p]}
          </label>
        ))}
      </fieldset>
      {edited && (
        <p className="warning-box" role="status">
          Changed choices are not in the plan yet.{' '}
          <button type="button" className="secondary small" onClick={onPlan} disabled={busy} data-testid="replan">
            Plan again with these choices
          </button>
        </p>
      )}
    </section>
  );
}

function OrphanRow({ orphan: o, value, onChange }: { orphan: OrphanCase; value: OrphanChoice; onChange: (c: OrphanChoice) => void }) {
  const id = `orphan-${o.id}`;
  return (
    <tr data-testid="orphan-case">
      <td className="n">{formatNumber(o.childRows)}</td>
      <td className="mono">
        {o.childTable} <span className="muted">({o.childColumns.join(', ')})</span>
      </td>
      <td>
        <span className="mono">{o.parentTable}</span> {keyText(o.parentKey)} <span className="muted small">· {o.constraint}</span>
      </td>
      <td>{o.onDelete}</td>
      <td>
        <label htmlFor={id} className="visually-hidden">
          What to do with the {o.childRows} rows of {o.childTable} referencing {o.parentTable} {keyText(o.parentKey)}
        </label>
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as OrphanChoice)}>
          {orphanChoices.map((c) => (
            <option key={c} value={c}>
              {choiceText[c]}
            </option>
          ))}
        </select>
        {value !== o.choice && <StateBadge state="todo" title="not planned yet" />}
      </td>
    </tr>
  );
}
