// Answers an interaction once within Discord's 3 s: if the work is slow, defers first and edits the
// answer in. Slash commands and every module's components share it, so no handler has to race the clock.
// https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import type { API } from '@discordjs/core';
import { type APIInteraction, MessageFlags } from 'discord-api-types/v10';
import type { Logger } from '../platform/log.ts';
import type { ReplyOptions } from './command-types.ts';
import { messageBody } from './reply-body.ts';

/**
 * How long an interaction may wait for its answer before we defer it. Discord allows 3 s from when it
 * sent the interaction: the rest is for the gateway's delivery and the defer's own trip on a busy process.
 */
export const DEFER_AFTER_MS = 1_500;

export interface Responder {
  reply(reply: ReplyOptions): Promise<void>;
  /** Updates the message a component is on; once deferred, the deferred answer shows it instead. */
  update(reply: ReplyOptions): Promise<void>;
  done(): void;
}

export function createResponder(
  api: API,
  interaction: Pick<APIInteraction, 'id' | 'token'>,
  applicationId: string,
  log: Logger,
  { deferEphemeral = false }: { deferEphemeral?: boolean } = {},
): Responder {
  let state: 'waiting' | 'deferred' | 'answered' = 'waiting';
  let deferring: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    state = 'deferred';
    // Whether the answer is ephemeral is fixed by the defer, so components (whose answers are the
    // clicker's own) defer ephemerally: a slow click must not show its result to the whole channel.
    deferring = api.interactions
      .defer(interaction.id, interaction.token, deferEphemeral ? { flags: MessageFlags.Ephemeral } : undefined)
      .catch((error: unknown) => log.warn({ err: error }, 'could not defer interaction'));
  }, DEFER_AFTER_MS);
  const editDeferred = async (reply: ReplyOptions) => {
    await deferring;
    state = 'answered';
    await api.interactions.editReply(applicationId, interaction.token, messageBody(reply));
  };
  return {
    async reply(reply) {
      const body = messageBody(reply);
      if (reply.ephemeral) body.flags = MessageFlags.Ephemeral;
      if (state === 'waiting') {
        clearTimeout(timer);
        state = 'answered';
        await api.interactions.reply(interaction.id, interaction.token, body);
      } else if (state === 'deferred') {
        await editDeferred(reply);
      } else {
        await api.interactions.followUp(applicationId, interaction.token, body);
      }
    },
    async update(reply) {
      if (state === 'waiting') {
        clearTimeout(timer);
        state = 'answered';
        await api.interactions.updateMessage(interaction.id, interaction.token, messageBody(reply));
      } else {
        // The defer already answered with a message of its own; the update can only be shown there.
        await editDeferred(reply);
      }
    },
    done() {
      clearTimeout(timer);
    },
  };
}
