// POST /api/commands/:id/preview: what a command would answer to a given user in a given channel with
// given arguments, and whether that user may run it there — nothing is sent and no use is counted.
import * as v from 'valibot';
import { type ApiRoute, route } from '../../../module-kit/api-route.ts';
import type { Sql } from '../../../platform/db/connect.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { IdParams } from '../../../platform/http/pagination.ts';
import { Snowflake } from '../../../platform/http/schemas.ts';
import { resolveTypedArguments, usageOf } from '../../../platform/template/arguments.ts';
import { splitArgs } from '../../../platform/template/template.ts';
import { checkPermissions } from '../permissions.ts';
import { renderReply, responseAt, templateText } from '../reply.ts';
import { loadVisibleCommand } from './commands.ts';

const PreviewSchema = v.strictObject({
  user_id: Snowflake,
  user_name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100)), 'User'),
  channel_id: v.optional(v.nullable(Snowflake), null),
  role_ids: v.optional(v.pipe(v.array(Snowflake), v.maxLength(250)), []),
  /** The text after the command name, as typed: `<@123> 5 "two words"`. */
  args: v.optional(v.pipe(v.string(), v.maxLength(2_000)), ''),
  /** Which response of a pool: 0 is `response`, 1 the first of `responses`… */
  response_index: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** Display names of users the arguments mention, as Discord would resolve them. */
  user_names: v.optional(v.record(Snowflake, v.pipe(v.string(), v.maxLength(100))), {}),
});

export const PreviewOut = v.object({
  allowed: v.boolean(),
  denied_by: v.nullable(v.object({ rule: v.string(), message: v.string() })),
  content: v.nullable(v.string()),
  /** Discord embed objects, as the bot would send them (rendered, within Discord's limits). */
  embeds: v.array(v.record(v.string(), v.unknown())),
  /** Discord action rows of buttons, as the bot would send them. */
  components: v.array(v.record(v.string(), v.unknown())),
  mentioned_user_ids: v.array(v.string()),
  problem: v.nullable(v.string()),
  usage: v.string(),
});

export function commandPreviewRoutes(sql: Sql): ApiRoute[] {
  return [
    route({
      method: 'POST',
      path: '/api/commands/:id/preview',
      operationId: 'previewCommand',
      summary: 'Render a command as a user in a channel with arguments, and say whether they may run it (sends nothing)',
      tag: 'commands',
      params: IdParams,
      body: PreviewSchema,
      responses: { 200: { description: 'the preview', schema: PreviewOut }, 404: { description: 'no such command' } },
      async handler(_ctx, { params, body: input, principal }) {
        const command = await loadVisibleCommand(sql, principal, params.id);
        const parts = responseAt(command, input.response_index);
        if (parts === undefined) {
          throw new AppError('invalid', 'VALIDATION_FAILED', `response_index: the pool has ${command.responses.length + 1} responses`, {
            fields: [{ field: 'response_index', message: `must be below ${command.responses.length + 1}` }],
          });
        }
        const denial = checkPermissions(command.permissions, input.channel_id, input.role_ids);
        const args = splitArgs(input.args);
        const template = templateText(parts);
        const usage = usageOf(template, `!${command.name}`);
        const typed = resolveTypedArguments(template, { args, userNames: new Map(Object.entries(input.user_names)) }, `!${command.name}`);
        const rendered = typed.ok
          ? renderReply(parts, {
              user: { id: input.user_id, displayName: input.user_name },
              channel: input.channel_id ? { id: input.channel_id } : null,
              guild: command.guild_id ? { name: 'this server' } : null,
              args,
              uses: Number(command.use_count) + 1,
              typed,
              random: () => 0,
            })
          : undefined;
        return {
          body: {
            allowed: !denial,
            denied_by: denial ?? null,
            content: rendered?.content ?? null,
            embeds: rendered?.embeds ?? [],
            components: rendered?.components ?? [],
            mentioned_user_ids: rendered?.mentionedUserIds ?? [],
            problem: typed.ok ? null : typed.problem,
            usage,
          } satisfies v.InferOutput<typeof PreviewOut>,
        };
      },
    }),
  ];
}
