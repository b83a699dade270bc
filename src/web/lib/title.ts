// Each view names itself in the document title ("Logs · My Server · Concord"), so tabs, history and
// screen readers say where the viewer is, not just "Concord".
import { createContext, useContext, useEffect } from 'react';
import { documentTitle } from './format.ts';

/** The server the views below are about, or null on pages that are not about one server. */
export const TitleScope = createContext<string | null>(null);

/** Sets the document title to `title · <server> · Concord` while the calling view is shown. */
export function useDocumentTitle(title: string): void {
  const scope = useContext(TitleScope);
  useEffect(() => {
    document.title = documentTitle(title, scope);
  }, [title, scope]);
}
