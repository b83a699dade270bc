// The frame around every view: server picker, navigation, the user and theme; a drawer on phones.
import { type ReactNode, useEffect, useState } from 'react';
import type { Me } from '../lib/api.ts';
import { Link, navigate, useLocation } from '../lib/router.tsx';
import { type ThemeChoice, useTheme } from '../lib/theme.ts';
import { useDocumentTitle } from '../lib/title.ts';
import { Icon, type IconName } from './icons.tsx';
import { button } from './ui.ts';

/** What the dashboard is looking at: one guild, or (global admins) every guild and the global commands. */
export interface Scope {
  /** The path segment: a guild id, or `global`. */
  key: string;
  name: string;
  /** Null for the global scope. */
  guildId: string | null;
  iconUrl: string | null;
  /** False when the bot is not in this guild (then `inviteUrl` adds it); null or absent when unknown. */
  hasBot?: boolean | null;
  inviteUrl?: string | null;
  /** False for a read-only dashboard role: pages show, edit controls do not. Absent: may edit. */
  canEdit?: boolean;
  /** False where access comes from a dashboard role: who has access is not theirs to change. Absent: may. */
  manages?: boolean;
}

const SECTIONS: { path: string; label: string; icon: IconName }[] = [
  { path: '', label: 'Overview', icon: 'overview' },
  { path: '/logs', label: 'Logs', icon: 'logs' },
  { path: '/events', label: 'Events', icon: 'inbox' },
  { path: '/cases', label: 'Cases', icon: 'shield' },
  { path: '/commands', label: 'Commands', icon: 'commands' },
  { path: '/schedules', label: 'Schedules', icon: 'clock' },
  { path: '/role-menus', label: 'Role menus', icon: 'roles' },
  { path: '/stats', label: 'Stats', icon: 'chart' },
  { path: '/modules', label: 'Modules', icon: 'modules' },
  { path: '/settings', label: 'Settings', icon: 'settings' },
];

/** Pages about the whole installation rather than one server: for global admins only. */
const ADMIN_SECTIONS: { path: string; label: string; icon: IconName }[] = [{ path: '/errors', label: 'Errors', icon: 'alert' }];

export function Layout({ me, scope, scopes, onLogout, children }: { me: Me; scope: Scope; scopes: Scope[]; onLogout: () => void; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  // Close the drawer after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation.
  useEffect(() => setMenuOpen(false), [pathname]);
  const base = `/servers/${scope.key}`;
  const section = pathname.startsWith(base) ? pathname.slice(base.length) : null;

  const sidebar = (
    <nav aria-label="Main" className="flex h-full flex-col gap-6 p-4">
      <div className="hidden items-center gap-2.5 px-2 lg:flex">
        <Logo />
      </div>
      <div>
        <label htmlFor="scope" className="mb-1.5 block px-2 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          Server
        </label>
        <div className="flex items-center gap-2">
          <ScopeIcon scope={scope} />
          <select
            id="scope"
            value={scope.key}
            onChange={(event) => navigate(`/servers/${event.target.value}${section && SECTIONS.some((s) => s.path && section.startsWith(s.path)) ? `/${section.split('/')[1]}` : ''}`)}
            className="min-w-0 flex-1 truncate rounded-lg border border-zinc-300 bg-white px-2.5 py-2 text-sm font-medium shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 dark:border-zinc-700 dark:bg-zinc-900"
          >
            {scopes
              .filter((s) => s.hasBot !== false)
              .map((s) => (
                <option key={s.key} value={s.key}>
                  {s.name}
                </option>
              ))}
            {scopes.some((s) => s.hasBot === false) && (
              <optgroup label="Add Concord to">
                {scopes
                  .filter((s) => s.hasBot === false)
                  .map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.name}
                    </option>
                  ))}
              </optgroup>
            )}
          </select>
        </div>
      </div>
      <ul className="flex flex-col gap-1">
        {SECTIONS.map((s) => (
          <NavItem key={s.label} to={`${base}${s.path}`} icon={s.icon} label={s.label} active={section !== null && (s.path === '' ? section === '' || section === '/' : section.startsWith(s.path))} />
        ))}
      </ul>
      {me.is_global_admin && (
        <div>
          <p className="mb-1.5 px-2 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400" id="admin-nav">
            Every server
          </p>
          <ul className="flex flex-col gap-1" aria-labelledby="admin-nav">
            {ADMIN_SECTIONS.map((s) => (
              <NavItem key={s.label} to={s.path} icon={s.icon} label={s.label} active={pathname.startsWith(s.path)} />
            ))}
          </ul>
        </div>
      )}
      <div className="mt-auto flex flex-col gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <ThemePicker />
        <div className="flex items-center gap-3 px-1">
          <Avatar name={me.user?.name ?? 'API token'} url={me.user?.avatar_url ?? null} />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" data-testid="user-name">
              {me.user?.name ?? 'API token'}
            </p>
            {me.is_global_admin && <p className="text-xs text-zinc-500 dark:text-zinc-400">Global admin</p>}
          </div>
          <button type="button" className={button.ghost} onClick={onLogout} title="Log out" aria-label="Log out">
            <Icon name="logout" />
          </button>
        </div>
      </div>
    </nav>
  );

  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow dark:focus:bg-zinc-900">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex items-center justify-between border-b border-zinc-200 bg-white/90 px-4 py-3 backdrop-blur lg:hidden dark:border-zinc-800 dark:bg-zinc-950/90">
        <Logo />
        <button type="button" className={button.ghost} aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen((open) => !open)}>
          <Icon name={menuOpen ? 'close' : 'menu'} />
          <span className="sr-only">Menu</span>
        </button>
      </header>
      <aside
        id="sidebar"
        className={`${menuOpen ? 'block' : 'hidden'} fixed inset-x-0 bottom-0 top-[57px] z-20 overflow-y-auto border-zinc-200 bg-white lg:sticky lg:top-0 lg:block lg:h-dvh lg:border-r dark:border-zinc-800 dark:bg-zinc-950`}
      >
        {sidebar}
      </aside>
      <main id="main" tabIndex={-1} className="min-w-0 px-4 py-6 focus:outline-none sm:px-6 lg:px-10 lg:py-8">
        {children}
      </main>
    </div>
  );
}

function NavItem({ to, icon, label: text, active }: { to: string; icon: IconName; label: string; active: boolean }) {
  return (
    <li>
      <Link
        to={to}
        aria-current={active ? 'page' : undefined}
        className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium ${
          active ? 'bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-300' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
        }`}
      >
        <Icon name={icon} />
        {text}
      </Link>
    </li>
  );
}

export function Logo() {
  return (
    <span className="flex items-center gap-2.5 text-base font-bold tracking-tight">
      <img src="/favicon.svg" alt="" className="size-7" />
      Concord
    </span>
  );
}

function ScopeIcon({ scope }: { scope: Scope }) {
  if (scope.iconUrl) return <img src={scope.iconUrl} alt="" className="size-9 shrink-0 rounded-full" />;
  return (
    <span aria-hidden="true" className="grid size-9 shrink-0 place-items-center rounded-full bg-brand-500 text-xs font-bold text-white">
      {scope.guildId === null ? <Icon name="server" className="size-4" /> : initials(scope.name)}
    </span>
  );
}

function Avatar({ name, url }: { name: string; url: string | null }) {
  if (url) return <img src={url} alt="" className="size-9 rounded-full" />;
  return (
    <span aria-hidden="true" className="grid size-9 place-items-center rounded-full bg-zinc-200 text-xs font-bold text-zinc-700 dark:bg-zinc-700 dark:text-zinc-100">
      {initials(name)}
    </span>
  );
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase())
      .join('') || '?'
  );
}

const THEMES: { value: ThemeChoice; label: string; icon: IconName }[] = [
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
  { value: 'system', label: 'System', icon: 'monitor' },
];

function ThemePicker() {
  const [theme, setTheme] = useTheme();
  return (
    <fieldset className="flex rounded-lg bg-zinc-100 p-1 dark:bg-zinc-900">
      <legend className="sr-only">Theme</legend>
      {THEMES.map((t) => (
        <label
          key={t.value}
          className={`flex flex-1 cursor-pointer items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-xs font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
            theme === t.value ? 'bg-white shadow-sm dark:bg-zinc-700' : 'text-zinc-600 dark:text-zinc-400'
          }`}
        >
          <input type="radio" name="theme" value={t.value} checked={theme === t.value} onChange={() => setTheme(t.value)} className="sr-only" />
          <Icon name={t.icon} className="size-4" />
          {t.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The heading row of a view: title, a line of context, and actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{subtitle}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  );
}
