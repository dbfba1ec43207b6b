// The one listener to the engine's events: job events feed the job store, `data-changed` events
// mark the queries that read those datasets out of date. When the event stream comes back after
// dropping, events were missed: every query is reloaded and the jobs are read again.
import { useEffect } from 'react';
import type { RendererApi } from '../api/client.ts';
import type { QueryCache } from '../query/cache.ts';
import type { JobStore } from './useJobs.ts';

export function useEngineSync(api: RendererApi, cache: QueryCache, store: JobStore): void {
  useEffect(() => {
    const offEvents = api.subscribe((event) => {
      if (event.type === 'job') store.upsert(event.job);
      else cache.invalidate(event.datasets);
    });
    const offReconnect = api.onReconnect(() => {
      cache.invalidateAll();
      void store.resync();
    });
    void store.seed();
    return () => {
      offEvents();
      offReconnect();
    };
  }, [api, cache, store]);
}
