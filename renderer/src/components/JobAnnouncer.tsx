// What screen readers hear of jobs: one polite message when a job is queued, starts, or ends
// (with its outcome or error), never its progress ticks. The region is always in the page, so a
// change of its text is announced.
import { useState } from 'react';
import type { JobInfo } from '../../../shared/api/jobs.ts';
import { useJobStateChanges } from '../hooks/useJobs.ts';
import { outcome, waitingText } from '../jobSummary.ts';

function announcement(job: JobInfo): string | null {
  switch (job.state) {
    case 'queued':
      // Only worth saying when it waits for another job; otherwise it starts at once.
      return job.waitingFor ? `${job.label} is queued. ${waitingText(job)}.` : null;
    case 'running':
      return `${job.label} started.`;
    case 'done':
      return `${job.label}: ${outcome(job)}`;
    default:
      return `${job.label} ${job.state}: ${outcome(job)}`;
  }
}

export function JobAnnouncer() {
  const [message, setMessage] = useState('');
  useJobStateChanges((job) => {
    const text = announcement(job);
    if (text) setMessage(text);
  });
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="job-announcer">
      {message}
    </div>
  );
}
