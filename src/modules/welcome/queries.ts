// Typed wrappers over welcome.sql (run in the module's own schema) and its migration steps from migrations.sql.
import type { Sql } from '../../platform/db/connect.ts';
import { namedQueries } from '../../platform/db/named-queries.ts';
import { exec, one } from '../../platform/db/query.ts';
import steps from './migrations.sql';
import text from './welcome.sql';

const q = namedQueries(text, ['addPending', 'takePending', 'rememberRoles', 'markLeft', 'takeRolesAtLeave', 'deleteUserPending', 'deleteUserRoles']);

export const migrations = Object.entries(namedQueries(steps, ['members', 'delayedAutoroles'])).map(([name, sql], i) => ({ name: `${String(i + 1).padStart(3, '0')}-${name}`, sql }));

export async function addPending(sql: Sql, guildId: string, userId: string): Promise<void> {
  await exec(sql, q.addPending, [guildId, userId]);
}

/** Whether the member was waiting in screening (and is no longer recorded as such). */
export async function takePending(sql: Sql, guildId: string, userId: string): Promise<boolean> {
  return (await exec(sql, q.takePending, [guildId, userId])) > 0;
}

export async function rememberRoles(sql: Sql, guildId: string, userId: string, roleIds: readonly string[]): Promise<void> {
  await exec(sql, q.rememberRoles, [guildId, userId, roleIds]);
}

export async function markLeft(sql: Sql, guildId: string, userId: string): Promise<void> {
  await exec(sql, q.markLeft, [guildId, userId]);
}

/** The roles a member held when they left, once; empty when none were recorded. */
export async function takeRolesAtLeave(sql: Sql, guildId: string, userId: string): Promise<string[]> {
  return (await one<{ role_ids: string[] }>(sql, q.takeRolesAtLeave, [guildId, userId]))?.role_ids ?? [];
}

export async function deleteUserData(sql: Sql, userId: string): Promise<number> {
  return (await exec(sql, q.deleteUserPending, [userId])) + (await exec(sql, q.deleteUserRoles, [userId]));
}
