// The registrar against the fake Discord: one module's failing or hanging hooks leave only its own
// commands out of a scope's list, and the rest are registered.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { API } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
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
  return { fake, guild, registrar, lines, names };
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
