// One error type for everything the fake refuses; rest.ts is the one place that renders it.
export class DiscordError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** A JSON error as Discord sends it: https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
export function jsonError(status: number, code: number, message: string): DiscordError {
  return new DiscordError(status, { message, code });
}

/** Discord's 50035 body; `errors` mirrors the request body's shape down to the bad field. */
export function invalidFormBody(errors: Record<string, unknown>): DiscordError {
  return new DiscordError(400, { message: 'Invalid Form Body', code: 50035, errors });
}

/** One leaf of a 50035 `errors` tree. */
export function fieldError(code: string, message: string): { _errors: { code: string; message: string }[] } {
  return { _errors: [{ code, message }] };
}

export const unauthorized = (): DiscordError => jsonError(401, 0, '401: Unauthorized');
export const notFound = (): DiscordError => jsonError(404, 0, '404: Not Found');
export const unknownChannel = (): DiscordError => jsonError(404, 10003, 'Unknown Channel');
export const unknownGuild = (): DiscordError => jsonError(404, 10004, 'Unknown Guild');
export const unknownMember = (): DiscordError => jsonError(404, 10007, 'Unknown Member');
export const unknownRole = (): DiscordError => jsonError(404, 10011, 'Unknown Role');
export const missingPermissions = (): DiscordError => jsonError(403, 50013, 'Missing Permissions');
export const unknownMessage = (): DiscordError => jsonError(404, 10008, 'Unknown Message');
export const unknownUser = (): DiscordError => jsonError(404, 10013, 'Unknown User');
export const unknownWebhook = (): DiscordError => jsonError(404, 10015, 'Unknown Webhook');
export const unknownInvite = (): DiscordError => jsonError(404, 10006, 'Unknown Invite');
export const unknownBan = (): DiscordError => jsonError(404, 10026, 'Unknown Ban');
export const unknownInteraction = (): DiscordError => jsonError(404, 10062, 'Unknown interaction');
export const missingAccess = (): DiscordError => jsonError(403, 50001, 'Missing Access');

