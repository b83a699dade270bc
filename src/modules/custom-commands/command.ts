// `/command add|edit|remove`: manage this server's custom commands from Discord (Manage Server).
import { PermissionFlagsBits } from 'discord-api-types/v10';
import * as v from 'valibot';
import type { CommandContext } from '../../module-kit/command-types.ts';
import { defineCommand } from '../../module-kit/define.ts';
import { guildOnly, memberPermissions } from '../../module-kit/preconditions.ts';
import { replyInvalid } from '../../module-kit/replies.ts';
import { commandsOf } from './instance.ts';
import { CommandChangesSchema, NewCommandSchema } from './schema.ts';

const name = { description: 'Command name (a-z, 0-9, - and _)', type: 'string', required: true, maxLength: 32 } as const;
const description = { description: 'Shown in help (up to 100 characters)', type: 'string', maxLength: 100 } as const;
const cooldown = { description: 'Seconds a user waits between uses', type: 'integer', minValue: 0, maxValue: 86_400 } as const;

export const command = defineCommand({
  name: 'command',
  description: "Manage this server's custom commands",
  preconditions: [guildOnly, memberPermissions(PermissionFlagsBits.ManageGuild)],
  forms: { prefix: false, slash: true },
  subcommands: (subcommand) => [
    subcommand({
      name: 'add',
      description: 'Add a custom command',
      options: {
        name,
        response: { description: 'What the bot answers; {user}, {1}, {choose:a|b}…', type: 'string', required: true, maxLength: 2_000 },
        description,
        cooldown,
      },
      async run(ctx, options) {
        const input = v.safeParse(NewCommandSchema, {
          guild_id: ctx.guild.id,
          name: options.name,
          response: options.response,
          description: options.description ?? '',
          cooldown_seconds: options.cooldown ?? 0,
          created_by: ctx.user.id,
        });
        if (!input.success) return replyInvalid(ctx, input.issues);
        const created = await commandsOf(ctx.instance).create(input.output, actorOf(ctx));
        await ctx.reply({ content: `Added \`${ctx.prefix}${created.name}\`.`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'edit',
      description: 'Change a custom command',
      options: {
        name,
        response: { description: 'New response', type: 'string', maxLength: 2_000 },
        description,
        cooldown,
        enabled: { description: 'Turn it on or off', type: 'boolean' },
      },
      async run(ctx, options) {
        const target = await ownCommand(ctx, options.name);
        if (!target) return;
        const changes = v.safeParse(
          CommandChangesSchema,
          Object.fromEntries(
            Object.entries({
              response: options.response,
              description: options.description,
              cooldown_seconds: options.cooldown,
              enabled: options.enabled,
            }).filter(([, value]) => value !== undefined),
          ),
        );
        if (!changes.success) return replyInvalid(ctx, changes.issues);
        const updated = await commandsOf(ctx.instance).update(target.id, changes.output, actorOf(ctx));
        await ctx.reply({ content: `Changed \`${ctx.prefix}${updated.name}\`.`, ephemeral: true });
      },
    }),
    subcommand({
      name: 'remove',
      description: 'Remove a custom command',
      options: { name },
      async run(ctx, options) {
        const target = await ownCommand(ctx, options.name);
        if (!target) return;
        const removed = await commandsOf(ctx.instance).remove(target.id, actorOf(ctx));
        await ctx.reply({ content: `Removed \`${ctx.prefix}${removed.name}\`.`, ephemeral: true });
      },
    }),
  ],
});

/** This guild's own command named `name`; global ones are changed through the API. */
async function ownCommand(ctx: CommandContext, name: string) {
  const wanted = name.toLowerCase();
  const found = await commandsOf(ctx.instance).find(ctx.guild?.id ?? null, wanted);
  if (!found || found.guild_id === null || found.name !== wanted) {
    await ctx.reply({ content: `This server has no custom command named \`${wanted.replace(/`/g, '')}\`.`, ephemeral: true });
    return undefined;
  }
  return found;
}

/** A change from Discord, signed with the member who typed it (for the command's history). */
function actorOf(ctx: CommandContext) {
  return { source: 'discord', user_id: ctx.user.id } as const;
}
