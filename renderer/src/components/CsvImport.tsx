// Import a CSV export (Xendit invoices or Systeme.io contacts). In a browser the file is read
// here in the page and sent as the call's content; the desktop app picks it in its own dialog
// and the engine reads it from disk (the page only ever holds a token for it). The job's result
// is shown when it ends.
import { useState } from 'react';
import type { CsvKind } from '../../../shared/api/sources.ts';
import type { PickedFile } from '../../../shared/api/transport.ts';
import { useAction, useApi } from '../hooks/useApi.ts';
import { useStartedJob } from '../hooks/useStartedJob.ts';
import { CsvImportResultView } from './CsvImportResultView.tsx';
import { Select, type Option } from './Select.tsx';

const kinds: Option<CsvKind>[] = [
  { value: 'xendit-invoices', label: 'Xendit invoices export' },
  { value: 'systeme-contacts', label: 'Systeme.io contacts export' },
];

export function CsvImport() {
  const api = useApi();
  const { job, busy, running, start } = useStartedJob('csv-import');
  const [kind, setKind] = useState<CsvKind>('xendit-invoices');
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const picking = useAction();
  const pickFile = api.pickFile?.bind(api);
  const [importedName, setImportedName] = useState<string | null>(null);
  const [reading, setReading] = useState(false);

  async function submit() {
    if (picked) {
      setImportedName(picked.fileName);
      setPicked(null); // a token is good for one import
      await start(() => api.call('csv-import', { kind, fileToken: picked.fileToken, fileName: picked.fileName }), 'CSV import');
      return;
    }
    if (!file) return;
    setImportedName(file.name);
    await start(async () => {
      setReading(true);
      let content: string;
      try {
        content = await file.text();
      } finally {
        setReading(false);
      }
      return api.call('csv-import', { kind, content, fileName: file.name });
    }, 'CSV import');
  }

  return (
    <section className="card" aria-labelledby="csv-heading">
      <h2 id="csv-heading">Import CSV exports</h2>
      <p className="muted">Instead of (or as well as) pulling, import the exports downloaded from the Xendit and Systeme.io dashboards.</p>
      <div className="form-row">
        <label htmlFor="csv-kind">File is a</label>
        <Select id="csv-kind" value={kind} options={kinds} onChange={setKind} />
        {pickFile ? (
          <button
            type="button"
            data-testid="csv-pick"
            disabled={busy || running || picking.busy}
            onClick={() => void picking.run(async () => setPicked((await pickFile()) ?? picked), { context: 'Choose file' })}
          >
            {picked ? picked.fileName : 'Choose file…'}
          </button>
        ) : (
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            data-testid="csv-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        )}
        <button
          type="button"
          className="primary"
          data-testid="csv-import"
          disabled={!(file || picked) || busy || running}
          onClick={() => void submit()}
        >
          {reading ? 'Reading file…' : busy ? 'Sending…' : running ? 'Importing…' : 'Import'}
        </button>
      </div>
      {job && <CsvImportResultView job={job} fileName={importedName} />}
    </section>
  );
}
