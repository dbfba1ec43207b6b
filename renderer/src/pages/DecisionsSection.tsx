// History's decision log: every decision as a filterable grid (stale ones flagged with why),
// undo and redo (also Ctrl+Z / Ctrl+Shift+Z anywhere), and decision sets exported and imported
// as JSON with the conflict report, so two reviewers can combine their work.
import { useState } from 'react';
import type { DecisionRow, ImportReport } from '../../../shared/api/reconcile.ts';
import { downloadText } from '../download.ts';
import { Grid } from '../grid/Grid.tsx';
import { useAction, useApi } from '../hooks/useApi.ts';
import { useUndoRedo } from '../hooks/useDecide.ts';
import { useQuery } from '../hooks/useQuery.ts';
import { decisionColumns } from '../review/grids.ts';

const stale = [{ column: 'state', op: 'eq' as const, value: 'stale' }];

export function DecisionsSection() {
  const api = useApi();
  const status = useQuery('reconcile-status', {}, 'Reconciliation status');
  const { undo, redo } = useUndoRedo();
  const exporting = useAction();
  const importing = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [prefer, setPrefer] = useState<'ours' | 'theirs'>('ours');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [onlyStale, setOnlyStale] = useState(false);
  const s = status.data;

  const exportSet = () =>
    exporting.run(async () => {
      const set = await api.call('reconcile-decisions-export', {});
      downloadText(`cutover-decisions-${set.exportedAt.slice(0, 10)}.json`, `${JSON.stringify(set, null, 2)}\n`, 'application/json');
    }, { context: 'Export decisions' });

  const importSet = () =>
    importing.run(async () => {
      if (!file) return;
      const content = await file.text();
      setReport(await api.call('reconcile-decisions-import', { content, fileName: file.name, prefer }));
    }, { context: 'Import decisions' });

  return (
    <section className="card" aria-labelledby="decisions-heading" data-testid="decisions">
      <div className="card-head">
        <h2 id="decisions-heading">Decisions</h2>
        <div className="actions">
          <button type="button" className="secondary" disabled={!s?.canUndo} onClick={() => void undo()} data-testid="undo" aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" className="secondary" disabled={!s?.canRedo} onClick={() => void redo()} data-testid="redo" aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
          <button type="button" className="secondary" disabled={exporting.busy} onClick={() => void exportSet()} data-testid="decisions-export">
            Export decisions
          </button>
        </div>
      </div>
      <p className="muted small">
        {s ? `${s.decisions.toLocaleString('en-US')} decisions logged. ` : ''}Nothing is erased: an undo is itself logged. Decisions whose record vanished after a re-pull are flagged stale, never dropped.
      </p>
      <div className="import-row">
        <label>
          Import a decision set{' '}
          <input type="file" accept="application/json,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="decisions-file" />
        </label>
        <label>
          On a conflict keep{' '}
          <select value={prefer} onChange={(e) => setPrefer(e.target.value as 'ours' | 'theirs')} data-testid="decisions-prefer">
            <option value="ours">ours (report only)</option>
            <option value="theirs">theirs</option>
          </select>
        </label>
        <button type="button" className="secondary" disabled={!file || importing.busy} onClick={() => void importSet()} data-testid="decisions-import">
          {importing.busy ? 'Importing…' : 'Import'}
        </button>
      </div>
      {report && <ImportReportView report={report} />}
      <label className="small">
        <input type="checkbox" checked={onlyStale} onChange={(e) => setOnlyStale(e.target.checked)} data-testid="only-stale" /> Only stale decisions
      </label>
      <Grid
        procedure="reconcile-decisions"
        label="Decision log"
        testId="grid-decisions"
        columns={decisionColumns}
        rowId={(r: DecisionRow) => String(r.seq)}
        baseFilters={onlyStale ? stale : undefined}
        empty="No decisions yet."
      />
    </section>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" role="status" data-testid="import-report">
      <p>
        <strong>{report.imported}</strong> imported, <strong>{report.alreadyPresent}</strong> already here, <strong>{report.conflicts.length}</strong> conflicts,{' '}
        <strong>{report.stale.length}</strong> stale.
      </p>
      {report.conflicts.length > 0 && (
        <table className="data-table" data-testid="import-conflicts">
          <caption>Conflicts: the same item decided differently here and in the set</caption>
          <thead>
            <tr>
              <th scope="col">About</th>
              <th scope="col">Ours</th>
              <th scope="col">Theirs</th>
              <th scope="col">Kept</th>
            </tr>
          </thead>
          <tbody>
            {report.conflicts.map((c) => (
              <tr key={c.targetKey}>
                <td className="mono small">{c.targetKey}</td>
                <td>
                  {JSON.stringify(c.ours.after)} <span className="muted small">({c.ours.reviewer})</span>
                </td>
                <td>
                  {JSON.stringify(c.theirs.after)} <span className="muted small">({c.theirs.reviewer})</span>
                </td>
                <td>{c.kept}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.stale.length > 0 && (
        <ul className="small">
          {report.stale.map((x) => (
            <li key={x.id}>
              <span className="mono">{x.targetKey}</span>: {x.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
