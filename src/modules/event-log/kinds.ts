// What the event log records: each kind of entry, the category whose channel it goes to, and how its
// embed looks (one title and one colour per kind, so a channel reads at a glance).

export const CATEGORIES = ['message', 'member', 'server', 'voice'] as const;
export type Category = (typeof CATEGORIES)[number];

const RED = 0xed4245;
const ORANGE = 0xe67e22;
const YELLOW = 0xfee75c;
const GREEN = 0x57f287;
const BLURPLE = 0x5865f2;
const GREY = 0x99aab5;
const TEAL = 0x1abc9c;

export const KIND_INFO = {
  message_edit: { category: 'message', title: 'Message edited', colour: YELLOW },
  message_delete: { category: 'message', title: 'Message deleted', colour: RED },
  message_bulk_delete: { category: 'message', title: 'Messages deleted in bulk', colour: RED },
  member_join: { category: 'member', title: 'Member joined', colour: GREEN },
  member_leave: { category: 'member', title: 'Member left', colour: GREY },
  member_kick: { category: 'member', title: 'Member kicked', colour: ORANGE },
  member_ban: { category: 'member', title: 'Member banned', colour: RED },
  member_unban: { category: 'member', title: 'Member unbanned', colour: GREEN },
  member_nickname: { category: 'member', title: 'Nickname changed', colour: BLURPLE },
  member_roles: { category: 'member', title: 'Roles changed', colour: BLURPLE },
  member_timeout: { category: 'member', title: 'Timeout changed', colour: ORANGE },
  channel_create: { category: 'server', title: 'Channel created', colour: GREEN },
  channel_update: { category: 'server', title: 'Channel changed', colour: YELLOW },
  channel_delete: { category: 'server', title: 'Channel deleted', colour: RED },
  role_create: { category: 'server', title: 'Role created', colour: GREEN },
  role_update: { category: 'server', title: 'Role changed', colour: YELLOW },
  role_delete: { category: 'server', title: 'Role deleted', colour: RED },
  emoji_create: { category: 'server', title: 'Emoji added', colour: GREEN },
  emoji_update: { category: 'server', title: 'Emoji renamed', colour: YELLOW },
  emoji_delete: { category: 'server', title: 'Emoji removed', colour: RED },
  guild_update: { category: 'server', title: 'Server settings changed', colour: YELLOW },
  invite_create: { category: 'server', title: 'Invite created', colour: TEAL },
  invite_delete: { category: 'server', title: 'Invite deleted', colour: GREY },
  voice_join: { category: 'voice', title: 'Joined a voice channel', colour: TEAL },
  voice_leave: { category: 'voice', title: 'Left a voice channel', colour: GREY },
  voice_move: { category: 'voice', title: 'Moved between voice channels', colour: BLURPLE },
} as const satisfies Record<string, { category: Category; title: string; colour: number }>;

export type Kind = keyof typeof KIND_INFO;
export const KINDS = Object.keys(KIND_INFO) as Kind[];

/** The kinds of a category, for a filter by category. */
export function kindsOf(category: Category): Kind[] {
  return KINDS.filter((kind) => KIND_INFO[kind].category === category);
}
