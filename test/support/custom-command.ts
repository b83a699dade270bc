// A custom command row as the data layer returns it, for tests and benches that hand rows to the
// matching and dispatch code directly: every field at its default, `overrides` on top.
import type { CustomCommand } from '../../src/modules/custom-commands/data/queries.ts';

export function customCommandRow(overrides: Partial<CustomCommand> & Pick<CustomCommand, 'name'>): CustomCommand {
  return {
    id: overrides.name,
    guild_id: '1',
    response: overrides.name,
    responses: [],
    description: '',
    aliases: [],
    cooldown_seconds: 0,
    channel_cooldown_seconds: 0,
    guild_cooldown_seconds: 0,
    enabled: true,
    use_count: '0',
    created_by: null,
    created_at: new Date(),
    updated_at: new Date(),
    metadata: {},
    trigger: null,
    permissions: { allow_roles: [], deny_roles: [], allow_channels: [], deny_channels: [] },
    embeds: [],
    buttons: [],
    responses_rich: [],
    slash: false,
    context: null,
    deleted_at: null,
    deleted_by: null,
    ...overrides,
  };
}
