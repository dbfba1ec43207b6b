// Calls to the engine from components: the client, and actions whose failures go to the error
// banner. Reads go through the query cache (useQuery.ts).
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { RendererApi } from '../api/client.ts';
import { useErrors } from './useErrors.ts';

export const ApiContext = createContext<RendererApi | null>(null);

export function useApi(): RendererApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

/** False once the component has unmounted: late answers are then dropped. */
function useMounted(): { readonly current: boolean } {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

export interface Action {
  busy: boolean;
  /** Runs `work`; returns its value, or undefined after reporting the failure. */
  run<T>(work: () => Promise<T>, opts?: { context?: string; onError?: (err: unknown) => boolean }): Promise<T | undefined>;
}

/** A user action (a button) with its busy state; failures go to the banner unless onError takes them. */
export function useAction(): Action {
  const { report } = useErrors();
  const [busy, setBusy] = useState(false);
  const mounted = useMounted();

  const run = useCallback(
    async <T,>(work: () => Promise<T>, opts: { context?: string; onError?: (err: unknown) => boolean } = {}): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await work();
      } catch (err) {
        if (!opts.onError?.(err)) report(err, opts.context);
        return undefined;
      } finally {
        if (mounted.current) setBusy(false);
      }
    },
    [report, mounted],
  );

  return { busy, run };
}
