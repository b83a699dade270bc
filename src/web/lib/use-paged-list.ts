// Loads a keyset-paged API list for a view: the first page whenever the key changes (or on retry),
// older pages by cursor, and lets the view edit the rows it holds (live rows, optimistic changes).
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Page } from './api.ts';

export interface PagedList<T> {
  /** 'loading' from the moment the key changes or a retry starts until its first page is in. */
  status: 'loading' | 'ready' | 'error';
  /** The rows held; while loading, the previous list's (views show them only when ready). */
  rows: readonly T[];
  /** Set when there are more rows to load. */
  cursor: string | null;
  error: Error | undefined;
  loadingMore: boolean;
  retry: () => void;
  /** Loads the page after `cursor`; rejects with the error when that fails (the list stays as it was). */
  loadMore: () => Promise<void>;
  setRows: (update: (rows: readonly T[]) => readonly T[]) => void;
}

/** What the hook holds; `load` names the key and attempt whose first page produced it. */
export interface PagedState<T> {
  load: string;
  rows: readonly T[];
  cursor: string | null;
  error: Error | undefined;
  loadingMore: boolean;
}

export type PagedAction<T> =
  | { type: 'loaded'; load: string; page: Page<T> }
  | { type: 'failed'; load: string; error: Error }
  | { type: 'more'; load: string }
  | { type: 'more-loaded'; load: string; page: Page<T> }
  | { type: 'more-failed'; load: string }
  | { type: 'edit'; update: (rows: readonly T[]) => readonly T[] };

export const emptyPagedState: PagedState<never> = { load: '', rows: [], cursor: null, error: undefined, loadingMore: false };

/** The list's transitions. A further page for another key or attempt than the one shown is dropped. */
export function reducePagedList<T>(state: PagedState<T>, action: PagedAction<T>, merge: (rows: readonly T[], page: readonly T[]) => readonly T[]): PagedState<T> {
  switch (action.type) {
    case 'loaded':
      return { load: action.load, rows: action.page.items, cursor: action.page.next_cursor, error: undefined, loadingMore: false };
    case 'failed':
      // The rows stay: a retry that fails again shows the error, not an empty list.
      return { ...state, load: action.load, error: action.error, loadingMore: false };
    case 'edit':
      return { ...state, rows: action.update(state.rows) };
  }
  if (action.load !== state.load) return state;
  switch (action.type) {
    case 'more':
      return { ...state, loadingMore: true };
    case 'more-loaded':
      return { ...state, rows: merge(state.rows, action.page.items), cursor: action.page.next_cursor, loadingMore: false };
    case 'more-failed':
      return { ...state, loadingMore: false };
  }
}

/** The status a view shows for the load it asks for now. */
export function pagedStatus(state: PagedState<unknown>, load: string): PagedList<unknown>['status'] {
  if (state.load !== load) return 'loading';
  return state.error ? 'error' : 'ready';
}

const append = <T>(rows: readonly T[], page: readonly T[]): readonly T[] => [...rows, ...page];

/**
 * Runs `load(undefined)` whenever `key` changes (and on retry), `load(cursor)` on loadMore; a request
 * for a key that is no longer shown is aborted. `merge` joins a further page to the rows (default:
 * appended).
 */
export function usePagedList<T>(
  key: string,
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  merge: (rows: readonly T[], page: readonly T[]) => readonly T[] = append,
): PagedList<T> {
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);
  const current = `${attempt}:${key}`;
  const [state, dispatch] = useReducer((s: PagedState<T>, a: PagedAction<T>) => reducePagedList(s, a, merge), emptyPagedState);
  const more = useRef<AbortController | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything `load` depends on.
  useEffect(() => {
    const controller = new AbortController();
    load(undefined, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) dispatch({ type: 'loaded', load: current, page });
      },
      (error: Error) => {
        if (!controller.signal.aborted) dispatch({ type: 'failed', load: current, error });
      },
    );
    return () => {
      controller.abort();
      more.current?.abort();
      more.current = undefined;
    };
  }, [current]);

  const loadMore = async () => {
    // One further page at a time: a second click would ask for the same cursor again.
    if (!state.cursor || state.load !== current || more.current) return;
    const controller = new AbortController();
    more.current = controller;
    dispatch({ type: 'more', load: current });
    try {
      const page = await load(state.cursor, controller.signal);
      if (!controller.signal.aborted) dispatch({ type: 'more-loaded', load: current, page });
    } catch (error) {
      if (controller.signal.aborted) return;
      dispatch({ type: 'more-failed', load: current });
      throw error;
    } finally {
      if (more.current === controller) more.current = undefined;
    }
  };

  const setRows = useCallback((update: (rows: readonly T[]) => readonly T[]) => dispatch({ type: 'edit', update }), []);
  return { status: pagedStatus(state, current), rows: state.rows, cursor: state.cursor, error: state.error, loadingMore: state.loadingMore, retry, loadMore, setRows };
}
