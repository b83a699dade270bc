// The guild directory's wire shapes: what GET /api/guilds/:guild_id/channels|roles|members answer.
// Free of imports, so the dashboard can import them type-only.
export interface DirectoryChannel {
  id: string;
  name: string;
  type: 'text' | 'announcement' | 'voice' | 'stage' | 'forum' | 'category' | 'other';
  parent_id: string | null;
  position: number;
}

export interface DirectoryRole {
  id: string;
  name: string;
  /** `#rrggbb`, or null for the default (no colour). */
  color: string | null;
  position: number;
  managed: boolean;
}

export interface DirectoryMember {
  id: string;
  /** What Discord shows in the guild: nickname, else global name, else username. */
  name: string;
  username: string;
  avatar_url: string | null;
  bot: boolean;
}
