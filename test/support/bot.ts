// A fake Discord with one guild, one channel and two members, and the real app connected to it.
import type { TestContext } from 'node:test';
import type { APIUser } from 'discord-api-types/v10';
import { startTestApp, type TestApp, type TestAppOptions } from './app.ts';
import { type FakeDiscord, type FakeDiscordOptions, type FakeGuild, startFakeDiscord } from './fake-discord/index.ts';
import { onTeardown } from './teardown.ts';

export const BOT_TOKEN = 'fake-bot-token-0123456789';

export interface BotWorld {
  fake: FakeDiscord;
  guild: FakeGuild;
  channelId: string;
  /** A member with Manage Server. */
  admin: APIUser;
  /** A member without special permissions. */
  member: APIUser;
  /** Another bot in the guild. */
  robot: APIUser;
  /** Env that points a Concord process at this fake. */
  env: Record<string, string>;
  /** Posts `content` as `author` and waits for the bot's reply to it. */
  /** Sends `content` and waits up to `timeoutMs` for the reply to it. */
  say(content: string, author?: APIUser, timeoutMs?: number): Promise<{ content: string; body: Record<string, unknown> }>;
}

/** The fake and its guild; the caller closes `fake` after whatever connects to it has stopped. */
export async function startFakeWorld(fakeOptions: Partial<FakeDiscordOptions> = {}): Promise<BotWorld> {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatInterval: 1_000, ...fakeOptions });
  const robot = fake.createUser({ username: 'robot', bot: true });
  const admin = fake.createUser({ username: 'ada', global_name: 'Ada' });
  const member = fake.createUser({ username: 'bob', global_name: 'Bob' });
  const guild = fake.addGuild({
    name: 'Test Guild',
    channels: [{ name: 'general' }],
    roles: [{ id: '900000000000000001', name: 'Mods', permissions: String(1n << 5n) }],
    members: [{ user: admin, roles: ['900000000000000001'] }, { user: member }, { user: robot }],
  });
  const channelId = guild.channels[0]?.id ?? '';
  return {
    fake,
    guild,
    channelId,
    admin,
    member,
    robot,
    env: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, LOG_FLUSH_INTERVAL_MS: '50' },
    async say(content, author = member, timeoutMs = 5_000) {
      const message = fake.sendMessage({ channel_id: channelId, author, content });
      const reply = await fake.waitForMessage(
        (m) => (m.body.message_reference as { message_id?: string } | undefined)?.message_id === message.id,
        { timeout: timeoutMs },
      );
      return { content: String(reply.body.content), body: reply.body };
    },
  };
}

/** The world plus Concord's `all` mode connected to it. */
export async function startBotApp(t: Pick<TestContext, 'after'>, options: TestAppOptions & { fake?: Partial<FakeDiscordOptions> } = {}): Promise<BotWorld & TestApp> {
  const world = await startFakeWorld(options.fake);
  // Runs last: the bot stops before its Discord goes away.
  onTeardown(t, () => world.fake.close());
  const app = await startTestApp(t, { ...options, bot: true, env: { ...world.env, ...options.env } });
  return { ...world, ...app };
}
