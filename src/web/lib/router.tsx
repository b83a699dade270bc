// A few dozen lines of client routing over the History API: the location as a store, links, path
// patterns such as `/servers/:scope/commands/:id`, and a guard that asks before unsaved work is lost.
import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useRef, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => {
  shown = snapshot();
  for (const listener of listeners) listener();
};
/** Questions to ask before leaving the page ("Discard unsaved changes?"), by the views that have them. */
const guards = new Set<() => string | null>();
/** The address on screen, to go back to when the viewer stays after pressing Back. */
let shown = window.location.pathname + window.location.search;
window.addEventListener('popstate', () => {
  if (!mayLeave()) {
    // Back or Forward already moved the address: put the page's own back.
    window.history.pushState(null, '', shown);
    return;
  }
  notify();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query; re-renders on every navigation. */
export function useLocation(): { pathname: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (!mayLeave()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

/**
 * While `dirty`, leaving the view asks first: in-app links and Back with a confirm dialog, closing or
 * reloading the tab with the browser's own warning. `message` is the confirm dialog's question.
 * Returns `release`, for leaving on purpose (after saving) without being asked.
 */
export function useUnsavedChanges(dirty: boolean, message = 'You have unsaved changes. Leave without saving?'): () => void {
  const state = useRef({ dirty, message });
  state.current = { dirty, message };
  useEffect(() => {
    const guard = () => (state.current.dirty ? state.current.message : null);
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!state.current.dirty) return;
      event.preventDefault();
      // Older browsers show the warning only when returnValue is set.
      event.returnValue = '';
    };
    guards.add(guard);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      guards.delete(guard);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
  return () => {
    state.current.dirty = false;
  };
}

/** True when no guard objects, or the viewer confirmed leaving anyway. */
function mayLeave(): boolean {
  for (const guard of guards) {
    const question = guard();
    if (question !== null && !window.confirm(question)) return false;
  }
  return true;
}

/** The params of `pattern` in `pathname`, or null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const found = new RegExp(`^${source}/?$`).exec(pathname);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

/** An <a> that navigates in-app on a plain click and behaves like a link otherwise (new tab, copy). */
export function Link({ to, replace, onClick, ...props }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to, { replace });
  };
  return <a href={to} onClick={handle} {...props} />;
}
