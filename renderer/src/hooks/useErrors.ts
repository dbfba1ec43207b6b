// The error banner's list: every failed call lands here (never a blank screen), deduplicated
// by message, each dismissible.
import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/ApiError.ts';

export interface BannerError {
  id: number;
  message: string;
  /** What the app was doing, e.g. "Pull". */
  context: string | null;
  count: number;
}

export interface ErrorsApi {
  errors: BannerError[];
  report(err: unknown, context?: string): void;
  dismiss(id: number): void;
}

export const ErrorsContext = createContext<ErrorsApi | null>(null);

export function useErrorsState(): ErrorsApi {
  const [errors, setErrors] = useState<BannerError[]>([]);
  const nextId = useRef(1);

  const report = useCallback((err: unknown, context?: string) => {
    const message = errorMessage(err);
    setErrors((list) => {
      const same = list.find((e) => e.message === message && e.context === (context ?? null));
      if (same) return list.map((e) => (e === same ? { ...e, count: e.count + 1 } : e));
      return [...list, { id: nextId.current++, message, context: context ?? null, count: 1 }].slice(-5);
    });
  }, []);
  const dismiss = useCallback((id: number) => setErrors((list) => list.filter((e) => e.id !== id)), []);

  return useMemo(() => ({ errors, report, dismiss }), [errors, report, dismiss]);
}

export function useErrors(): ErrorsApi {
  const api = useContext(ErrorsContext);
  if (!api) throw new Error('useErrors outside ErrorsContext');
  return api;
}
