// The example a first start creates, so a newcomer finds a command in the dashboard and can try it.
import type { Sql } from '../../platform/db/connect.ts';
import type { Logger } from '../../platform/log.ts';
import { createCommand } from './service.ts';

/** The migration whose application means the database was empty: the schema was made just now. */
export const FIRST_MIGRATION = '00000-commands-and-logs.mjs';

/** Creates the global command `hello`, recorded in its history like any other. */
export async function seedExamples(sql: Sql, log: Logger): Promise<void> {
  await createCommand(
    sql,
    {
      guild_id: null,
      name: 'hello',
      response: 'Hello {user}! I am an example custom command: edit or delete me in the dashboard.',
      description: 'An example: greets whoever runs it',
      aliases: [],
      cooldown_seconds: 0,
      enabled: true,
      created_by: null,
      metadata: { example: true },
      trigger: null,
      responses: [],
      permissions: { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] },
      channel_cooldown_seconds: 0,
      guild_cooldown_seconds: 0,
      embeds: [],
      buttons: [],
      responses_rich: [],
      slash: false,
      context: null,
    },
    { source: 'api', user_id: null },
  );
  log.info({ command: 'hello' }, 'created an example custom command, hello (SEED_EXAMPLES=false skips it)');
}
