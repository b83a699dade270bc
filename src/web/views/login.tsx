// The screens before the dashboard: log in, login not configured, no servers, and not found.
import { Icon } from '../components/icons.tsx';
import { Logo, type Scope } from '../components/layout.tsx';
import { EmptyState } from '../components/states.tsx';
import { button, card, input, label } from '../components/ui.ts';
import type { Me } from '../lib/api.ts';
import { Link } from '../lib/router.tsx';
import { useDocumentTitle } from '../lib/title.ts';

function Centered({ children }: { children: React.ReactNode }) {
  return (
    // minmax(0, 1fr): the card may shrink below its content's width, so nothing overflows a phone.
    <main className="grid min-h-dvh grid-cols-[minmax(0,1fr)] place-items-center px-4 py-10">
      <div className={`${card} w-full min-w-0 max-w-md p-6 sm:p-8`}>
        <Logo />
        {children}
      </div>
    </main>
  );
}

export function LoginView({ notConfigured, expired }: { notConfigured: boolean; expired: boolean }) {
  useDocumentTitle(notConfigured ? 'Login is not configured' : 'Log in');
  if (notConfigured) {
    return (
      <Centered>
        <h1 className="mt-6 text-xl font-semibold">Login is not configured</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Concord logs you in with Discord. Set these variables from your Discord application's OAuth2 page and restart Concord:
        </p>
        <pre className="mt-4 whitespace-pre-wrap break-words rounded-lg bg-zinc-100 p-3 text-xs leading-relaxed dark:bg-zinc-950">
          {'DISCORD_CLIENT_ID=…\nDISCORD_CLIENT_SECRET=…\nPUBLIC_URL=https://your-dashboard.example'}
        </pre>
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
          Add <code className="text-xs">PUBLIC_URL/auth/callback</code> as a redirect in the application. Meanwhile, sign in with the API token.
        </p>
        <TokenLogin primary />
      </Centered>
    );
  }
  return (
    <Centered>
      <h1 className="mt-6 text-xl font-semibold">{expired ? 'Your session has ended' : 'Log in to the dashboard'}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        See command logs and manage custom commands for the Discord servers where you have <strong>Manage Server</strong> or{' '}
        <strong>Administrator</strong>.
      </p>
      <a href="/auth/login" className={`${button.primary} mt-6 w-full py-2.5`}>
        <DiscordMark />
        Log in with Discord
      </a>
      <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">Concord asks Discord for your name and your server list, nothing else.</p>
      <TokenLogin primary={false} />
    </Centered>
  );
}

export function NoServersView({ me, onLogout }: { me: Me; onLogout: () => void }) {
  useDocumentTitle('No servers to manage');
  return (
    <Centered>
      <EmptyState icon="server" title="No servers to manage" level={1}>
        {me.user?.name ?? 'You'} can manage no server here: the dashboard lists servers where Discord says you have Manage Server or Administrator.
        Ask a server owner for that permission, then log in again.
      </EmptyState>
      <button type="button" className={`${button.secondary} w-full`} onClick={onLogout}>
        <Icon name="logout" className="size-4" /> Log out
      </button>
    </Centered>
  );
}

const NOT_FOUND = {
  missing: { title: 'Page not found', text: 'There is nothing at this address.' },
  'not-your-server': { title: 'You cannot manage this server', text: 'Discord does not say you have Manage Server there.' },
  'admins-only': { title: 'Only global admins see this page', text: 'Errors of the whole installation are shown to the users listed in ADMIN_USER_IDS.' },
} as const;

export function NotFoundView({ home, reason }: { home: string; reason: keyof typeof NOT_FOUND }) {
  const { title, text } = NOT_FOUND[reason];
  useDocumentTitle(title);
  return (
    <EmptyState
      icon="alert"
      level={1}
      title={title}
      action={
        <Link to={home} className={button.primary}>
          Go to the overview
        </Link>
      }
    >
      {text}
    </EmptyState>
  );
}

/** A server the viewer manages where the bot is not: nothing to show yet, so invite it. */
export function AddBotView({ scope }: { scope: Scope }) {
  useDocumentTitle('Add Concord');
  return (
    <EmptyState
      icon="server"
      level={1}
      title={`Add Concord to ${scope.name}`}
      action={
        scope.inviteUrl ? (
          <a href={scope.inviteUrl} className={button.primary}>
            <DiscordMark />
            Add Concord
          </a>
        ) : undefined
      }
    >
      Concord is not in this server yet. Add it with Discord (you need Manage Server there); its logs, commands and stats appear here once it has joined.
      {!scope.inviteUrl && ' Set DISCORD_CLIENT_ID to get the invite link here.'}
    </EmptyState>
  );
}

/** Signs in as a global admin with the API token Concord printed at start (a plain form post). */
function TokenLogin({ primary }: { primary: boolean }) {
  return (
    <form method="post" action="/auth/token" className="mt-6 border-t border-zinc-200 pt-6 dark:border-zinc-800">
      <label htmlFor="api-token" className={label}>
        API token
      </label>
      <input id="api-token" name="token" type="password" autoComplete="current-password" required className={`${input} mt-1`} />
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        Printed by <code>npm start</code>, and kept in <code>data/api-token</code> when Concord generated it.
      </p>
      <button type="submit" className={`${primary ? button.primary : button.secondary} mt-4 w-full py-2.5`}>
        Sign in with the API token
      </button>
    </form>
  );
}

function DiscordMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-5" aria-hidden="true" fill="currentColor">
      <path d="M19.6 5.3A16.5 16.5 0 0 0 15.5 4l-.5 1a15.3 15.3 0 0 0-6 0l-.5-1a16.5 16.5 0 0 0-4.1 1.3C1.8 9.2 1.1 13 1.4 16.8a16.6 16.6 0 0 0 5 2.5l1.1-1.7a10.7 10.7 0 0 1-1.7-.8l.4-.3a11.8 11.8 0 0 0 11.6 0l.4.3-1.7.8 1.1 1.7a16.5 16.5 0 0 0 5-2.5c.4-4.4-.7-8.2-3-11.5ZM8.7 14.6c-1 0-1.8-.9-1.8-2s.8-2 1.8-2 1.8.9 1.8 2-.8 2-1.8 2Zm6.6 0c-1 0-1.8-.9-1.8-2s.8-2 1.8-2 1.8.9 1.8 2-.8 2-1.8 2Z" />
    </svg>
  );
}
