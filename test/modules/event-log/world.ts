// The event-log tests' world: Concord against the fake Discord, a log channel per category, and
// helpers to read what was posted there.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { APIEmbed } from 'discord-api-types/v10';
import type { EventLog } from '../../../src/modules/event-log/service.ts';
import type { TestApp } from '../../support/app.ts';
import { type BotWorld, startBotApp } from '../../support/bot.ts';
import { eventually } from '../../support/eventually.ts';
import type { SentMessage } from '../../support/fake-discord/index.ts';

export type LogWorld = BotWorld & TestApp & { logChannels: Record<'message' | 'member' | 'server' | 'voice', string> };

/** The world with channels #message-log, #member-log, #server-log and #voice-log (not yet chosen). */
export async function startLogWorld(t: Pick<TestContext, 'after'>, env: Record<string, string> = {}): Promise<LogWorld> {
  const world = await startBotApp(t, { env: { EVENT_LOG_FLUSH_INTERVAL_MS: '100', EVENT_LOG_AUDIT_WAIT_MS: '1500', ...env } });
  const add = (name: string) => world.fake.addChannel(world.guild.id, { name }).id;
  const logChannels = { message: add('message-log'), member: add('member-log'), server: add('server-log'), voice: add('voice-log') };
  return { ...world, logChannels };
}

/** The module's instance in the app's process. */
export function eventLogOf(world: TestApp): EventLog {
  const modules = world.app.modules;
  const module = modules?.registry.get('event-log');
  assert.ok(modules && module, 'the event-log module is loaded');
  const instance = modules.processContext(module).instance as EventLog | undefined;
  assert.ok(instance, 'its setup ran');
  return instance;
}

/**
 * Waits until the cache holds every message of `ids` (their MESSAGE_CREATE was handled). A plain
 * check, not assert.ok: a failing assert.ok without a message parses its source file each time.
 */
export function cached(log: EventLog, ...ids: string[]): Promise<void> {
  return eventually(() => {
    const missing = ids.filter((id) => log.messages.get(id) === undefined);
    if (missing.length > 0) throw new Error(`not cached yet: ${missing.length} of ${ids.length}`);
  });
}

/** Changes the module's settings in a guild from the version it has now. */
export async function configure(world: TestApp, guildId: string, settings: Record<string, unknown>): Promise<void> {
  const list = await world.request('GET', `/api/guilds/${guildId}/modules`);
  const current = (list.body.items as { name: string; version: number }[]).find((m) => m.name === 'event-log');
  const res = await world.request('PATCH', `/api/guilds/${guildId}/modules/event-log`, { version: current?.version ?? 0, settings });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** Every embed posted to `channelId` so far, in order. */
export function embedsIn(world: BotWorld, channelId: string): APIEmbed[] {
  return postsIn(world, channelId).flatMap((post) => (post.body.embeds as APIEmbed[] | undefined) ?? []);
}

export function postsIn(world: BotWorld, channelId: string): SentMessage[] {
  return world.fake.sentMessages.filter((m) => m.channel_id === channelId);
}

/** Waits for an embed in `channelId` that `matches`. */
export async function waitForEmbed(world: BotWorld, channelId: string, matches: (embed: APIEmbed) => boolean, timeout = 5_000): Promise<{ embed: APIEmbed; post: SentMessage }> {
  const post = await world.fake.waitForMessage((m) => m.channel_id === channelId && ((m.body.embeds as APIEmbed[] | undefined) ?? []).some(matches), { timeout });
  const embed = (post.body.embeds as APIEmbed[]).find(matches) as APIEmbed;
  return { embed, post };
}

/** The text of the files a post attached. */
export function filesOf(post: SentMessage): { name: string; text: string }[] {
  return ((post.body.files as { name: string; text: string }[] | undefined) ?? []).map(({ name, text }) => ({ name, text }));
}

export function field(embed: APIEmbed, name: string): string | undefined {
  return embed.fields?.find((f) => f.name === name)?.value;
}
