// A menu as a Discord message: its text and embed, and buttons (rows of 5) or one select menu, each
// with a custom id made through the module contract, so any process running the module answers it.
import { type APIActionRowComponent, type APIComponentInMessageActionRow, type APIMessageComponentEmoji, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { MenuRow } from './queries.ts';
import { BUTTONS_PER_ROW } from './schema.ts';

/** The components' names in `ctx.customId(name, data)`: a button names its menu and role, a select its menu. */
export const BUTTON = 'b';
export const SELECT = 's';

type CustomId = (name: string, data?: string) => string;
type Menu = Pick<MenuRow, 'id' | 'content' | 'embed' | 'style' | 'mode' | 'options' | 'max'>;

export function menuMessage(menu: Menu, customId: CustomId) {
  const embed = menu.embed && (menu.embed.title || menu.embed.description) ? [{ ...(menu.embed.title ? { title: menu.embed.title } : {}), ...(menu.embed.description ? { description: menu.embed.description } : {}), ...(menu.embed.color === null ? {} : { color: menu.embed.color }) }] : [];
  return {
    content: menu.content ?? '',
    embeds: embed,
    components: menu.style === 'buttons' ? buttonRows(menu, customId) : [selectRow(menu, customId)],
    // A menu's text may name roles and members; posting it pings nobody.
    allowed_mentions: { parse: [] },
  };
}

function buttonRows(menu: Menu, customId: CustomId): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  menu.options.forEach((option, i) => {
    if (i % BUTTONS_PER_ROW === 0) rows.push({ type: ComponentType.ActionRow, components: [] });
    rows.at(-1)?.components.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: option.label,
      custom_id: customId(BUTTON, `${menu.id}:${option.role_id}`),
      ...(option.emoji ? { emoji: emojiOf(option.emoji) } : {}),
    });
  });
  return rows;
}

function selectRow(menu: Menu, customId: CustomId): APIActionRowComponent<APIComponentInMessageActionRow> {
  const many = menu.mode !== 'unique';
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId(SELECT, menu.id),
        placeholder: 'Choose your roles',
        // Choosing none is how a member drops every role of a toggle menu.
        min_values: 0,
        max_values: many ? Math.min(menu.max ?? menu.options.length, menu.options.length) : 1,
        options: menu.options.map((option) => ({
          label: option.label,
          value: option.role_id,
          ...(option.description ? { description: option.description } : {}),
          ...(option.emoji ? { emoji: emojiOf(option.emoji) } : {}),
        })),
      },
    ],
  };
}

/** `<:name:id>` or `<a:name:id>` as a custom emoji, anything else as a unicode one. */
function emojiOf(text: string): APIMessageComponentEmoji {
  const custom = /^<(a?):(\w+):(\d+)>$/.exec(text);
  return custom ? { id: custom[3], name: custom[2], animated: custom[1] === 'a' } : { name: text };
}
