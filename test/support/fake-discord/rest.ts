// The HTTP half of the fake: auth, scheduled faults, latency, body parsing, rate-limit headers,
// the recording of every request, and the one place errors become responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiscordError, jsonError, notFound, unauthorized } from './errors.ts';
import { bucketFor, type FaultPlan, faultReply, rateLimitHeaders } from './faults.ts';
import type { FakeGateway } from './gateway.ts';
import { type GlobalLimit, isExemptFromGlobalLimit } from './global-limit.ts';
import { compileRoutes, invalidJson, objectBody, type Reply, type RouteAuth } from './router.ts';
import { routes } from './routes/index.ts';
import { authorizePage } from './routes/oauth2.ts';
import type { FakeState, OAuthGrant } from './state.ts';

export interface RestDependencies {
  state: FakeState;
  gateway: FakeGateway;
  faults: FaultPlan;
  latency: () => number;
  /** Unset: no global limit (tests that are not about it need not pace themselves). */
  globalLimit?: GlobalLimit | undefined;
}

// Discord serves the unversioned /api/ too; dashboards often post to /api/oauth2/token.
const apiPrefix = /^\/api(\/v10)?(?=\/)/;

/** The `request` listener of the fake's HTTP server. */
export function createRestListener(deps: RestDependencies): (request: IncomingMessage, response: ServerResponse) => void {
  const match = compileRoutes(routes);

  async function reply(request: IncomingMessage, path: string, url: URL, raw: Buffer): Promise<{ reply: Reply; body: unknown }> {
    const method = request.method ?? 'GET';
    if (path === '/oauth2/authorize' && !apiPrefix.test(url.pathname)) return { reply: authorizePage(deps.state, url.searchParams), body: undefined };
    const found = match(method, path);
    const bucket = bucketFor(method, typeof found === 'object' && found ? found.route.path : path);
    let body: unknown;
    try {
      if (!apiPrefix.test(url.pathname) || found === null) throw notFound();
      if (found === 'method-not-allowed') throw jsonError(405, 0, '405: Method Not Allowed');
      const bearer = authenticate(deps.state, found.route.auth, request.headers.authorization);
      const fault = deps.faults.take(method, path);
      const delay = deps.faults.takeDelay(method, path);
      if (delay > 0) await sleep(delay);
      body = await parseBody(request.headers['content-type'], raw);
      if (deps.globalLimit && bearer === null && found.route.auth !== 'none' && !isExemptFromGlobalLimit(path)) {
        const retryAfter = deps.globalLimit.take();
        if (retryAfter !== null) return { reply: faultReply({ status: 429, global: true, retryAfter }, bucket), body };
      }
      // A scheduled failure happens before the handler runs, so the request has no effect.
      if (fault) return { reply: faultReply(fault, bucket), body };
      const { route, params } = found;
      const result = await route.handle({ params, query: url.searchParams, body, headers: request.headers, bearer, state: deps.state, gateway: deps.gateway });
      return { reply: { ...result, headers: { ...rateLimitHeaders(bucket), ...result.headers } }, body };
    } catch (error) {
      if (!(error instanceof DiscordError)) throw error;
      return { reply: { status: error.status, body: error.body, headers: rateLimitHeaders(bucket) }, body: body ?? raw.toString() };
    }
  }

  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    // @discordjs/rest sends `@original` as `%40original`; Discord routes on the decoded path.
    const path = decodePath(url.pathname.replace(apiPrefix, ''));
    const serve = async (): Promise<void> => {
      const raw = await readBody(request);
      const latency = deps.latency();
      if (latency > 0) await sleep(latency);
      const result = await reply(request, path, url, raw);
      deps.state.requests.push({
        method: request.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        body: result.body,
        status: result.reply.status,
        at: Date.now(),
      });
      send(response, result.reply);
    };
    serve().catch((error: unknown) => {
      // A bug in the fake, not a Discord behaviour: make it loud in the test output.
      console.error('fake Discord failed on', request.method, url.pathname, error);
      send(response, { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
    });
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function authenticate(state: FakeState, auth: RouteAuth, header: string | undefined): OAuthGrant | null {
  if (auth === 'none') return null;
  if (header === `Bot ${state.token}`) return null;
  const bearer = auth === 'bot-or-bearer' ? /^Bearer (.+)$/.exec(header ?? '') : null;
  const grant = bearer?.[1] ? state.accessTokens.get(bearer[1]) : undefined;
  if (!grant) throw unauthorized();
  return grant;
}

/** JSON, form-encoded (OAuth2) or multipart with `payload_json` (messages with files). */
async function parseBody(contentType: string | undefined, raw: Buffer): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw.toString()));
  if (type === 'multipart/form-data') {
    const form = await new Request('http://fake', { method: 'POST', headers: { 'content-type': contentType ?? '' }, body: raw }).formData();
    const payload = form.get('payload_json');
    // The text of each file is kept, so a test can read what the bot attached.
    const files = await Promise.all(
      [...form.entries()].flatMap(([field, value]) => (typeof value === 'string' ? [] : [value.text().then((text) => ({ field, name: value.name, size: value.size, content_type: value.type, text }))])),
    );
    return { ...(typeof payload === 'string' ? objectBody(parseJson(payload)) : {}), files };
  }
  return parseJson(raw.toString());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJson();
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, { status, body, headers }: Reply): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, { ...headers, ...(text ? { 'Content-Type': 'application/json' } : {}) });
  response.end(text);
}
