// The registrar against the fake Discord: one module's failing or hanging hooks leave only its own
// commands out of a scope's list, and the rest are registered; so do two modules' commands of one
// name and context-menu commands over Discord's five, which Discord would refuse the whole list for.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { API } from '@discordjs/core';
import { type DiscordAPIError, REST } from '@discordjs/rest';
import { ApplicationCommandType, type RESTPostAPIApplicationCommandsJSONBody, type RESTPutAPIApplicationGuildCommandsJSONBody } from 'discord-api-types/v10';
import { type ApplicationCommandSource, createRegistrar } from '../../src/bot/application-commands.ts';
import type { ApplicationCommands, ApplicationCommandsContext } from '../../src/module-kit/contract.ts';
import { capturedLog } from '../support/captured-log.ts';
import { eventually } from '../support/eventually.ts';
import { startFakeDiscord } from '../support/fake-discord/index.ts';

const token = 'fake-bot-token';
const TIMEOUT_MS = 100;

async function world(t: TestContext, sources: ApplicationCommandSource[]) {
  const fake = await startFakeDiscord({ token });
  t.after(() => fake.close());
  const guild = fake.addGuild({ name: 'Guild', channels: [{ name: 'general' }] });
  const api = new API(new REST({ api: fake.apiUrl, handlerSweepInterval: 0, hashSweepInterval: 0 }).setToken(token));
  const { log, lines } = capturedLog();
  const registrar = createRegistrar({
    api,
    applicationId: fake.applicationId,
    sources,
    builtIns: { scope: guild.id, body: [{ name: 'ping', description: 'Is the bot there?' }] },
    takenNames: new Set(['ping']),
    log,
    delayMs: 10,
    retryMs: 50,
    timeoutMs: TIMEOUT_MS,
  });
  t.after(() => registrar.stop());
  const names = () => (fake.commandOverwrites.filter((o) => o.guild_id === guild.id).at(-1)?.commands as { name: string }[] | undefined)?.map((c) => c.name);
  return { fake, guild, api, registrar, lines, names };
}

function source(module: string, list: ApplicationCommands['list']): ApplicationCommandSource {
  return { module, commands: { list, guildsWithAny: async () => [], watch: () => {} }, ctx: {} as ApplicationCommandsContext };
}

const listing =
  (...names: string[]): ApplicationCommands['list'] =>
  async () =>
    names.map((name): RESTPostAPIApplicationCommandsJSONBody => ({ name, description: `The ${name} command` }));

test("a module whose list throws or never answers leaves out its own commands, logged once with its name; the others' are registered", async (t) => {
  const { guild, registrar, lines, names } = await world(t, [
    source('broken', async () => {
      throw new Error('the tags table is gone');
    }),
    source('stuck', () => new Promise(() => {})),
    source('tags', listing('faq')),
  ]);
  await registrar.syncNow(guild.id);
  assert.deepEqual(names(), ['ping', 'faq']);
  const failed = () => lines.filter((line) => String(line.msg).startsWith('a module could not list'));
  assert.deepEqual(
    failed().map((line) => line.module),
    ['broken', 'stuck'],
  );
  assert.match(String((failed()[1]?.err as { message?: string } | undefined)?.message), /did not finish within 100 ms/);
  // Retried so the left-out commands come back; the same failure is not logged again.
  await registrar.syncNow(guild.id);
  assert.equal(failed().length, 2);
});

test('a module whose list failed gets its commands registered once it answers again', async (t) => {
  let failing = true;
  const { guild, registrar, names } = await world(t, [
    source('tags', async (...args) => {
      if (failing) throw new Error('not yet');
      return listing('faq')(...args);
    }),
  ]);
  await registrar.syncNow(guild.id);
  assert.deepEqual(names(), ['ping']);
  failing = false;
  await eventually(() => assert.deepEqual(names(), ['ping', 'faq'], 'registered on the retry'));
});

test('a guild the bot is not in is not retried; a module change registers only a guild with commands of a module, or registered before', async (t) => {
  const { fake, registrar, lines } = await world(t, [source('tags', listing('faq'))]);
  const elsewhere = '123456789012345678';
  const asked = () => fake.requests.filter((r) => r.path.includes(`/guilds/${elsewhere}/`)).length;
  await registrar.syncNow(elsewhere);
  const refused = lines.filter((line) => String(line.msg).includes('not retried'));
  assert.equal(refused.length, 1, 'told once');
  const before = asked();
  assert.ok(before >= 1);
  // retryMs is 50: a retry would have come by now.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(asked(), before, 'not retried');
  // No module has commands there (guildsWithAny says none) and nothing was registered: no request.
  const other = fake.addGuild({ name: 'Other', channels: [{ name: 'general' }] });
  registrar.modulesChanged(other.id);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(fake.requests.filter((r) => r.path.includes(`/guilds/${other.id}/`)).length, 0);
});

const userMenus = (count: number, prefix: string): RESTPostAPIApplicationCommandsJSONBody[] =>
  Array.from({ length: count }, (_, i) => ({ type: ApplicationCommandType.User, name: `${prefix} ${i + 1}` }));

test('Discord (the fake) refuses a whole list with two commands of one type and name, or six user context menus', async (t) => {
  const { fake, guild, api } = await world(t, []);
  const refused = async (body: RESTPostAPIApplicationCommandsJSONBody[], code: string) => {
    await assert.rejects(api.applicationCommands.bulkOverwriteGuildCommands(fake.applicationId, guild.id, body as RESTPutAPIApplicationGuildCommandsJSONBody), (error: DiscordAPIError) => {
      assert.equal(error.code, 50035);
      assert.match(JSON.stringify(error.rawError), new RegExp(code));
      return true;
    });
  };
  await refused([{ name: 'rules', description: 'a' }, { name: 'rules', description: 'b' }], 'APPLICATION_COMMANDS_DUPLICATE_NAME');
  await refused(userMenus(6, 'Hug'), 'APPLICATION_COMMANDS_CONTEXT_MENU_LIMIT');
  // The same name as a slash command and as a context menu is two commands.
  await api.applicationCommands.bulkOverwriteGuildCommands(fake.applicationId, guild.id, [{ name: 'rules', description: 'a' }, { type: ApplicationCommandType.User, name: 'rules' }]);
});

test("a second module's command of a taken type and name, and context menus past five, are left out, logged once; the rest are registered", async (t) => {
  const custom: ApplicationCommands['list'] = async () => [{ name: 'rules', description: 'Custom rules' }, ...userMenus(4, 'Hug'), { type: ApplicationCommandType.Message, name: 'Quote' }];
  const tags: ApplicationCommands['list'] = async () => [{ name: 'rules', description: 'The rules tag' }, { name: 'faq', description: 'The faq tag' }, ...userMenus(2, 'Tag')];
  const { fake, guild, registrar, lines } = await world(t, [source('custom-commands', custom), source('tags', tags)]);
  await registrar.syncNow(guild.id);
  const registered = fake.commandOverwrites.filter((o) => o.guild_id === guild.id).at(-1)?.commands as { name: string; type?: number; description?: string }[];
  assert.deepEqual(
    registered.map((c) => [c.type ?? 1, c.name, c.description]),
    [
      [1, 'ping', 'Is the bot there?'],
      [1, 'rules', 'Custom rules'],
      [2, 'Hug 1', undefined],
      [2, 'Hug 2', undefined],
      [2, 'Hug 3', undefined],
      [2, 'Hug 4', undefined],
      [3, 'Quote', undefined],
      [1, 'faq', 'The faq tag'],
      [2, 'Tag 1', undefined],
    ],
  );
  const leftOut = () => lines.filter((line) => String(line.msg).endsWith('left out')).map((line) => [line.module, line.name]);
  assert.deepEqual(leftOut(), [
    ['tags', 'rules'],
    ['tags', 'Tag 2'],
  ]);
  // Registered again (a change elsewhere), the same list logs nothing more.
  await registrar.syncNow(guild.id);
  assert.equal(leftOut().length, 2);
});
