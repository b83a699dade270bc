// A member clicks a menu's button or picks in its select: the roles change by the menu's mode, each
// checked again now (a role moved above the bot since the save is named, not tried), with an
// audit-log reason naming the menu, and the member is told, only them, what changed or why nothing did.
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type APIMessageComponentInteraction, type APIModalSubmitInteraction, RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { RoleChecks } from '../../features/roles/assignable.ts';
import type { ComponentContext } from '../../module-kit/contract.ts';
import { getMenu, type MenuRow } from './queries.ts';

type Interaction = APIMessageComponentInteraction | APIModalSubmitInteraction;

/** What a click asks for, before the checks: roles to add and to remove. */
export function wantedChange(menu: Pick<MenuRow, 'mode' | 'options'>, held: ReadonlySet<string>, picked: Picked) {
  const menuRoles = menu.options.map((o) => o.role_id);
  if ('button' in picked) {
    const role = picked.button;
    const has = held.has(role);
    switch (menu.mode) {
      case 'toggle':
        return has ? { add: [], remove: [role] } : { add: [role], remove: [] };
      case 'unique':
        return has ? { add: [], remove: [role] } : { add: [role], remove: menuRoles.filter((r) => r !== role && held.has(r)) };
      case 'verify':
        return { add: has ? [] : [role], remove: [] };
      case 'drop':
        return { add: [], remove: has ? [role] : [] };
    }
  }
  const chosen = new Set(picked.values.filter((r) => menuRoles.includes(r)));
  const add = [...chosen].filter((r) => !held.has(r));
  const remove = menuRoles.filter((r) => held.has(r) && !chosen.has(r));
  switch (menu.mode) {
    case 'verify':
      return { add, remove: [] };
    case 'drop':
      // A drop menu's select takes away what is picked.
      return { add: [], remove: [...chosen].filter((r) => held.has(r)) };
    default:
      // Toggle and unique: exactly the chosen roles among the menu's.
      return { add, remove };
  }
}

export type Picked = { button: string } | { values: readonly string[] };

/** Answers a click on menu `menuId` (from its custom id) asking for `pick`. */
export async function click(ctx: ComponentContext, interaction: Interaction, checks: RoleChecks, menuId: string, pick: Picked): Promise<void> {
  const answer = (content: string) => ctx.reply({ content, ephemeral: true });
  const guildId = ctx.guild?.id;
  const member = interaction.member;
  if (!guildId || !member || !ctx.sql || !ctx.discord) return answer('Role menus work in a server only.');
  // The menu is looked up in the guild the click came from: a custom id shown in another guild finds nothing.
  const menu = /^\d{1,18}$/.test(menuId) ? await getMenu(ctx.sql, guildId, menuId) : undefined;
  if (!menu) return answer('This role menu no longer exists.');
  const held = new Set(member.roles);
  const missing = menu.required_role_ids.filter((r) => !held.has(r));
  if (missing.length > 0) return answer(`You need ${missing.map(mention).join(' and ')} to use this menu.`);
  const { add, remove } = wantedChange(menu, held, pick);
  const holding = menu.options.filter((o) => (held.has(o.role_id) && !remove.includes(o.role_id)) || add.includes(o.role_id)).length;
  if (menu.max !== null && add.length > 0 && holding > menu.max) return answer(`You can hold at most ${menu.max} of this menu's roles: drop one first.`);
  if (add.length === 0 && remove.length === 0) return answer(nothingChanged(menu.mode, pick));
  const check = await checks.get(ctx.discord, guildId);
  const refused = [...add, ...remove].map((roleId) => ({ roleId, why: check.refusal(roleId) })).filter((r): r is { roleId: string; why: string } => r.why !== undefined);
  const allowed = (r: string) => !refused.some((x) => x.roleId === r);
  const reason = `Role menu ${menu.id}`;
  const done = await Promise.all([
    ...add.filter(allowed).map((r) => apply(ctx.discord as API, checks, guildId, member.user.id, r, 'add', reason)),
    ...remove.filter(allowed).map((r) => apply(ctx.discord as API, checks, guildId, member.user.id, r, 'remove', reason)),
  ]);
  const added = done.filter((d) => d.ok && d.change === 'add').map((d) => d.roleId);
  const removed = done.filter((d) => d.ok && d.change === 'remove').map((d) => d.roleId);
  for (const d of done) if (!d.ok) refused.push({ roleId: d.roleId, why: d.why });
  const parts = [added.length ? `added ${added.map(mention).join(', ')}` : '', removed.length ? `removed ${removed.map(mention).join(', ')}` : '', ...refused.map((r) => `could not change ${mention(r.roleId)}: ${r.why}`)].filter(Boolean);
  const text = parts.join('; ');
  return answer(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
}

async function apply(api: API, checks: RoleChecks, guildId: string, userId: string, roleId: string, change: 'add' | 'remove', reason: string) {
  try {
    if (change === 'add') await api.guilds.addRoleToMember(guildId, userId, roleId, { reason });
    else await api.guilds.removeRoleFromMember(guildId, userId, roleId, { reason });
    return { ok: true as const, roleId, change };
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.UnknownRole)) {
      checks.forget(guildId);
      return { ok: false as const, roleId, change, why: `Discord refused (${error.message})` };
    }
    throw error;
  }
}

function nothingChanged(mode: MenuRow['mode'], pick: Picked): string {
  if ('values' in pick) return 'Nothing changed: you already hold exactly those roles.';
  return mode === 'drop' ? `Nothing changed: you do not have ${mention(pick.button)}.` : `Nothing changed: you already have ${mention(pick.button)}.`;
}

const mention = (roleId: string) => `<@&${roleId}>`;
