// CSV export of the grid's current view: the engine streams every matching row (not only those
// loaded) into a file as a job with progress; when it is done the host hands the file over (a
// download here, a save dialog in the desktop app).
import { useEffect, useRef } from 'react';
import type { ExportableGrid } from '../../../shared/api/export.ts';
import type { PageRequest } from '../../../shared/api/paged.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { useApi } from '../hooks/useApi.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';

export function ExportButton({ procedure, request, columns, label }: { procedure: string; request: PageRequest; columns: { id: string; header: string }[]; label: string }) {
  const api = useApi();
  const exp = useStartedJob('grid-export');
  const handed = useRef<string | null>(null);
  const job = exp.job;
  useEffect(() => {
    if (job?.state !== 'done' || !job.result || handed.current === job.id) return;
    handed.current = job.id;
    void api.saveExport(job.result.exportId, job.result.fileName);
  }, [api, job]);
  const grid = procedure as ExportableGrid;
  const busy = exp.busy || exp.running;
  const { facets: _f, cursor: _c, offset: _o, limit: _l, ...view } = request;
  return (
    <span className="grid-export">
      <button
        type="button"
        className="secondary small"
        disabled={busy}
        onClick={() => void exp.start(() => api.call('export-grid', { grid, request: view, columns, name: label.replace(/[^\w .-]/g, ' ').trim() || 'export' }), `Export ${label}`)}
        data-testid="grid-export"
      >
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {job && busy && <ProgressBar part={job.progress} state={job.state} label={`Exporting ${label}`} size="small" testId="grid-export-progress" />}
      {job?.state === 'done' && job.result && (
        <span className="muted small" data-testid="grid-export-done">
          {job.result.rows.toLocaleString('en-US')} rows exported
        </span>
      )}
    </span>
  );
}
