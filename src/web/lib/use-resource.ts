// Loads one API resource for a view: loading, data or error, a reload, and cancellation on change.
import { useCallback, useEffect, useState } from 'react';

export type Resource<T> =
  | { state: 'loading'; data: undefined; error: undefined; reload: () => void }
  | { state: 'ready'; data: T; error: undefined; reload: () => void }
  | { state: 'error'; data: undefined; error: Error; reload: () => void };

/** Runs `load` whenever `key` changes (and on reload); stale answers are ignored. */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [result, setResult] = useState<{ key: string; data?: T; error?: Error } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything `load` depends on.
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setResult({ key, data }),
      (error: Error) => {
        if (error.name !== 'AbortError') setResult({ key, error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  if (!result || result.key !== key) return { state: 'loading', data: undefined, error: undefined, reload };
  if (result.error) return { state: 'error', data: undefined, error: result.error, reload };
  return { state: 'ready', data: result.data as T, error: undefined, reload };
}
