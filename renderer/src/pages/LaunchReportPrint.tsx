// The launch report alone (#/print/launch), as the desktop app prints it to PDF (and a browser
// can): the last committed cutover or rollback, with its SQL open. It says when it has drawn
// (data-print-ready on <html>), which is what the printer waits for.
import { useEffect } from 'react';
import { LaunchReportView } from '../components/LaunchReportView.tsx';
import { useQuery } from '../hooks/useQuery.ts';

export function LaunchReportPrint() {
  const report = useQuery('cutover-report', {}, 'Launch report');
  const ready = report.data !== undefined;
  useEffect(() => {
    if (!ready) return;
    void document.fonts.ready.then(() => {
      document.documentElement.dataset.printReady = '1';
    });
  }, [ready]);
  return (
    <div className="page page-wide print-page">
      {report.data ? (
        <LaunchReportView report={report.data} print />
      ) : (
        <p className={report.loading ? 'muted' : 'bad'}>{report.loading ? 'Reading the launch report…' : 'There is no launch report: no cutover or rollback has committed on this target.'}</p>
      )}
    </div>
  );
}
