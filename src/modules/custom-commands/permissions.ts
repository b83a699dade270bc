// Who may run a custom command: allow and deny lists of roles and channels, with one rule of
// precedence — a deny always wins; then every non-empty allow list must be met.

import type { CommandPermissions } from './data/queries.ts';

/** The rule that said no, and a sentence for the person it said no to. */
export interface Denial {
  rule: 'deny_channels' | 'deny_roles' | 'allow_channels' | 'allow_roles';
  message: string;
}

/**
 * Checks a use in `channelId` by a member with `roleIds`, in the documented order: deny_channels,
 * deny_roles, allow_channels, allow_roles. Returns the first rule that refuses, or undefined.
 */
export function checkPermissions(permissions: CommandPermissions, channelId: string | null, roleIds: readonly string[]): Denial | undefined {
  const { allow_roles, deny_roles, allow_channels, deny_channels } = permissions;
  if (channelId && deny_channels.includes(channelId)) {
    return { rule: 'deny_channels', message: `it is turned off in <#${channelId}> (deny_channels)` };
  }
  const deniedRole = roleIds.find((role) => deny_roles.includes(role));
  if (deniedRole) return { rule: 'deny_roles', message: `members with the role <@&${deniedRole}> may not use it (deny_roles)` };
  if (allow_channels.length > 0 && (!channelId || !allow_channels.includes(channelId))) {
    return { rule: 'allow_channels', message: `it works only in ${allow_channels.map((id) => `<#${id}>`).join(', ')} (allow_channels)` };
  }
  if (allow_roles.length > 0 && !roleIds.some((role) => allow_roles.includes(role))) {
    return { rule: 'allow_roles', message: `it needs one of the roles ${allow_roles.map((id) => `<@&${id}>`).join(', ')} (allow_roles)` };
  }
  return undefined;
}
