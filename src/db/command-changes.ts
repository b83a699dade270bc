// Custom-command changes as PostgreSQL announces them: migration 00008's trigger NOTIFYs in the
// changing transaction, and every process LISTENing hears of each commit at once.
import type { Sql } from './connect.ts';

export const COMMAND_CHANGES_CHANNEL = 'concord_command_changes';

/**
 * Calls `onChange` with the changed command's guild id (`null`: a global command, or a reconnect of
 * the listening connection, after which any change may have been missed). Resolves once listening.
 */
export async function listenForCommandChanges(sql: Sql, onChange: (guildId: string | null) => void): Promise<{ unlisten(): Promise<void> }> {
  let connected = false;
  const { unlisten } = await sql.listen(
    COMMAND_CHANGES_CHANNEL,
    (payload) => onChange(payload === '' ? null : payload),
    () => {
      if (connected) onChange(null);
      connected = true;
    },
  );
  return { unlisten: async () => void (await unlisten()) };
}
