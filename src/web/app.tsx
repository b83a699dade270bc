// Who is looking (GET /api/me), which server, and which view: the top of the dashboard.
import { useCallback, useEffect, useMemo } from 'react';
import { Layout, type Scope } from './components/layout.tsx';
import { ErrorState, Spinner } from './components/states.tsx';
import { ToastProvider } from './components/toasts.tsx';
import { ApiError, api, type ManagedGuild, type Me, type Page, sessionEvents } from './lib/api.ts';
import { matchPath, navigate, useLocation } from './lib/router.tsx';
import { TitleScope } from './lib/title.ts';
import { useResource } from './lib/use-resource.ts';
import { CaseDetail } from './views/case-detail.tsx';
import { CasesView } from './views/cases.tsx';
import { CommandEditor } from './views/command-editor.tsx';
import { CommandsView } from './views/commands.tsx';
import { ErrorsView } from './views/errors.tsx';
import { EventsView } from './views/events.tsx';
import { AddBotView, LoginView, NoServersView, NotFoundView } from './views/login.tsx';
import { LogsView } from './views/logs.tsx';
import { ModulesView } from './views/modules.tsx';
import { OverviewView } from './views/overview.tsx';
import { RoleMenusView } from './views/role-menus.tsx';
import { SchedulesView } from './views/schedules.tsx';
import { SettingsView } from './views/settings.tsx';
import { StatsView } from './views/stats.tsx';

export function App() {
  return (
    <ToastProvider>
      <Session />
    </ToastProvider>
  );
}

function Session() {
  const me = useResource('me', (signal) => api<Me>('GET', '/api/me', undefined, { signal }));
  const { reload } = me;
  useEffect(() => {
    sessionEvents.addEventListener('expired', reload);
    return () => sessionEvents.removeEventListener('expired', reload);
  }, [reload]);
  const logout = useCallback(async () => {
    await api('POST', '/auth/logout').catch(() => {});
    navigate('/', { replace: true });
    reload();
  }, [reload]);

  if (me.state === 'loading') {
    return (
      <div className="grid min-h-dvh place-items-center">
        <Spinner label="Loading Concord" />
      </div>
    );
  }
  if (me.state === 'error') {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <LoginView notConfigured={me.error.code === 'LOGIN_NOT_CONFIGURED'} expired={me.error.code === 'SESSION_EXPIRED'} />;
    }
    return (
      <div className="grid min-h-dvh place-items-center">
        <ErrorState error={me.error} onRetry={me.reload} level={1} />
      </div>
    );
  }
  return <Dashboard me={me.data} onLogout={logout} />;
}

const ROUTES = ['/servers/:scope', '/servers/:scope/logs', '/servers/:scope/events', '/servers/:scope/cases', '/servers/:scope/cases/:number', '/servers/:scope/commands', '/servers/:scope/commands/new', '/servers/:scope/commands/:id', '/servers/:scope/schedules', '/servers/:scope/role-menus', '/servers/:scope/stats', '/servers/:scope/modules', '/servers/:scope/settings'] as const;
/** Errors are of the whole installation, not of one server: they live outside /servers. */
const ERRORS = '/errors';
/** Where Errors used to be, kept so old links still arrive. */
const OLD_ERRORS = '/servers/:scope/errors';

function Dashboard({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const { pathname } = useLocation();
  // Where the bot is; until it is known (or when it cannot be), every server is offered as before.
  const presence = useResource('guilds', (signal) => api<Pick<Page<ManagedGuild>, 'items'>>('GET', '/api/guilds', undefined, { signal }));
  const scopes = useMemo<Scope[]>(() => {
    const known = new Map((presence.state === 'ready' ? presence.data.items : []).map((g) => [g.id, g]));
    return [
      ...me.guilds.map((g) => ({ key: g.id, name: g.name, guildId: g.id, iconUrl: g.icon_url, canEdit: g.access === 'edit', manages: g.manages, hasBot: known.get(g.id)?.has_bot ?? null, inviteUrl: known.get(g.id)?.invite_url ?? null })),
      ...(me.is_global_admin ? [{ key: 'global', name: 'All servers (global)', guildId: null, iconUrl: null }] : []),
    ];
  }, [me, presence]);
  // The first server with the bot in it is where the dashboard opens.
  const first = scopes.find((s) => s.hasBot !== false) ?? scopes[0];

  useEffect(() => {
    // Once it is known where the bot is, so the dashboard opens on a server it can show.
    if (pathname === '/' && first && presence.state !== 'loading') navigate(`/servers/${first.key}`, { replace: true });
    else if (matchPath(OLD_ERRORS, pathname)) navigate(ERRORS, { replace: true });
  }, [pathname, first, presence.state]);

  if (!first) return <NoServersView me={me} onLogout={onLogout} />;
  if (pathname === '/' || matchPath(OLD_ERRORS, pathname)) return null;
  if (matchPath(ERRORS, pathname)) {
    return (
      <Layout me={me} scope={first} scopes={scopes} onLogout={onLogout}>
        {me.is_global_admin ? <ErrorsView /> : <NotFoundView home={`/servers/${first.key}`} reason="admins-only" />}
      </Layout>
    );
  }

  let route: (typeof ROUTES)[number] | undefined;
  let params: Record<string, string> = {};
  for (const pattern of ROUTES) {
    const found = matchPath(pattern, pathname);
    if (found) {
      route = pattern;
      params = found;
      break;
    }
  }
  const scope = scopes.find((s) => s.key === params.scope);
  if (!route || !scope) {
    return (
      <Layout me={me} scope={first} scopes={scopes} onLogout={onLogout}>
        <NotFoundView home={`/servers/${first.key}`} reason={route === undefined ? 'missing' : 'not-your-server'} />
      </Layout>
    );
  }
  return (
    <Layout me={me} scope={scope} scopes={scopes} onLogout={onLogout}>
      <TitleScope.Provider value={scope.name}>
        {scope.hasBot === false ? (
          <AddBotView scope={scope} />
        ) : (
          <>
            {route === '/servers/:scope' && <OverviewView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/logs' && <LogsView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/events' && <EventsView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/cases' && <CasesView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/cases/:number' && <CaseDetail key={`${scope.key}-${params.number}`} scope={scope} number={params.number ?? ''} />}
            {route === '/servers/:scope/commands' && <CommandsView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/commands/new' && <CommandEditor key={`${scope.key}-new`} scope={scope} me={me} />}
            {route === '/servers/:scope/commands/:id' && <CommandEditor key={`${scope.key}-${params.id}`} scope={scope} me={me} id={params.id} />}
            {route === '/servers/:scope/schedules' && <SchedulesView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/role-menus' && <RoleMenusView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/stats' && <StatsView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/modules' && <ModulesView key={scope.key} scope={scope} />}
            {route === '/servers/:scope/settings' && <SettingsView key={scope.key} scope={scope} />}
          </>
        )}
      </TitleScope.Provider>
    </Layout>
  );
}
