// Calls to the engine from components: the client, queries that load (and reload) data,
// and actions whose failures go to the error banner.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiClient, Input, Output, ProcedureName } from '../../../shared/api/index.ts';
import { useErrors } from './useErrors.ts';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

export interface Query<T> {
  data: T | undefined;
  loading: boolean;
  /** Loads again; resolves when done (errors are reported, not thrown). */
  reload(): Promise<void>;
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

/**
 * Loads a procedure's result when the component mounts and whenever the input changes.
 * Failures go to the banner (with `context`); the last good data is kept.
 */
export function useQuery<N extends ProcedureName>(name: N, input: Input<N>, context?: string): Query<Output<N>> {
  const api = useApi();
  const { report } = useErrors();
  const [data, setData] = useState<Output<N> | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(input ?? {});
  const seq = useRef(0);
  const mounted = useMounted();

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    const current = () => mounted.current && mine === seq.current;
    setLoading(true);
    try {
      const out = await api.call(name, JSON.parse(key) as Input<N>);
      if (current()) setData(out);
    } catch (err) {
      if (current()) report(err, context ?? name);
    } finally {
      if (current()) setLoading(false);
    }
  }, [api, name, key, report, context, mounted]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, loading, reload };
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
