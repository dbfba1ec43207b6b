// Hash routing: #/step/<id>, #/history, #/reports. The access token is taken out of the hash
// (api/token.ts) before anything here reads it.
import { useSyncExternalStore } from 'react';
import { stepIds, type StepId } from '../../../shared/api/app.ts';

export type Route = { page: 'step'; step: StepId } | { page: 'history' } | { page: 'reports' };

const DEFAULT_ROUTE: Route = { page: 'step', step: 'connect' };

function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const step = /^\/step\/([a-z-]+)\/?$/.exec(path);
  if (step && (stepIds as readonly string[]).includes(step[1]!)) return { page: 'step', step: step[1] as StepId };
  if (path === '/history') return { page: 'history' };
  if (path === '/reports') return { page: 'reports' };
  return DEFAULT_ROUTE;
}

export function routeHref(route: Route): string {
  return route.page === 'step' ? `#/step/${route.step}` : `#/${route.page}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
