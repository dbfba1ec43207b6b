// Hash routing: #/step/<id> (Review: #/step/review/<queue>), #/duplicates, #/person/<id>,
// #/history, #/reports, and #/print/<report> (a report alone, for printing to PDF). The access
// token is taken out of the hash (api/token.ts) before anything here reads it.
import { useSyncExternalStore } from 'react';
import { stepIds, type StepId } from '../../../shared/api/app.ts';
import { queueIds, type QueueId } from '../../../shared/api/reconcile.ts';
import { printReports, type PrintReport } from '../../../shared/api/transport.ts';

/** What the Review step shows: a finding queue, or every payment or person. */
export type ReviewView = QueueId | 'payments' | 'people';
const reviewViews: readonly string[] = [...queueIds, 'payments', 'people'];

export type Route =
  | { page: 'step'; step: StepId; queue?: ReviewView }
  | { page: 'history' }
  | { page: 'reports' }
  | { page: 'duplicates' }
  | { page: 'person'; id: string }
  | { page: 'print'; report: PrintReport };

const DEFAULT_ROUTE: Route = { page: 'step', step: 'connect' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const review = /^\/step\/review\/([a-z0-9-]+)\/?$/.exec(path);
  if (review && reviewViews.includes(review[1]!)) return { page: 'step', step: 'review', queue: review[1] as ReviewView };
  const step = /^\/step\/([a-z-]+)\/?$/.exec(path);
  if (step && (stepIds as readonly string[]).includes(step[1]!)) return { page: 'step', step: step[1] as StepId };
  const person = /^\/person\/(.+)$/.exec(path);
  if (person) {
    try {
      return { page: 'person', id: decodeURIComponent(person[1]!) };
    } catch {
      return DEFAULT_ROUTE;
    }
  }
  const print = /^\/print\/([a-z]+)$/.exec(path);
  if (print && (printReports as readonly string[]).includes(print[1]!)) return { page: 'print', report: print[1] as PrintReport };
  if (path === '/history') return { page: 'history' };
  if (path === '/reports') return { page: 'reports' };
  if (path === '/duplicates') return { page: 'duplicates' };
  return DEFAULT_ROUTE;
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'step':
      return route.queue ? `#/step/${route.step}/${route.queue}` : `#/step/${route.step}`;
    case 'person':
      return `#/person/${encodeURIComponent(route.id)}`;
    case 'print':
      return `#/print/${route.report}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
