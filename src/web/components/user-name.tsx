// A Discord user as the dashboard names them: the current display name from the guild directory,
// else what was recorded, else the id (kept on hover, so it can still be copied).
import type { DirectoryMember } from '../../features/guilds/schema.ts';

/**
 * `member`: the directory's answer (null: no longer in the server; undefined: not resolved, yet or
 * at all); `recorded`: the name stored with the row, if the row has one.
 */
export function UserName({ id, member, recorded }: { id: string; member: Pick<DirectoryMember, 'name'> | null | undefined; recorded?: string }) {
  if (member) {
    const renamed = recorded && recorded !== member.name ? `, recorded as ${recorded}` : '';
    return (
      <span className="font-medium" title={`${id}${renamed}`}>
        {member.name}
      </span>
    );
  }
  if (recorded) return <span title={member === null ? `${id}, no longer in this server` : id}>{recorded}</span>;
  return <span className="font-mono text-xs" title={id}>{member === null ? `unknown (${id})` : id}</span>;
}
