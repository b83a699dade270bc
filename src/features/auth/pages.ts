// The few server-rendered pages of the login flow: a clear message and a way back, never a stack trace.
import type { Reply } from '../../platform/http/router.ts';

export interface PageLink {
  href: string;
  label: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A small standalone HTML page (no scripts) with a heading, a message and links. */
export function messagePage(status: number, title: string, message: string, links: PageLink[]): Reply {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)} · Concord</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid; place-items: center;
         background: #f4f4f5; color: #18181b; }
  main { max-width: 32rem; margin: 1rem; padding: 2rem; border-radius: 1rem; background: #fff;
         box-shadow: 0 1px 3px rgb(0 0 0 / 0.1); }
  h1 { font-size: 1.25rem; margin: 0 0 0.5rem; }
  p { margin: 0 0 1.5rem; color: #3f3f46; }
  code { font-size: 0.9em; }
  nav { display: flex; gap: 0.75rem; flex-wrap: wrap; }
  a { padding: 0.5rem 1rem; border-radius: 0.5rem; background: #5865f2; color: #fff; text-decoration: none; font-weight: 600; }
  a + a { background: transparent; color: #5865f2; box-shadow: inset 0 0 0 1px #5865f2; }
  a:focus-visible { outline: 3px solid #818cf8; outline-offset: 2px; }
  @media (prefers-color-scheme: dark) {
    body { background: #18181b; color: #f4f4f5; } main { background: #27272a; } p { color: #d4d4d8; }
    a + a { color: #a5b4fc; box-shadow: inset 0 0 0 1px #a5b4fc; }
  }
</style>
</head>
<body>
<main role="main">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>
<nav>${links.map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`).join('')}</nav>
</main>
</body>
</html>
`;
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    },
    body: html,
  };
}
