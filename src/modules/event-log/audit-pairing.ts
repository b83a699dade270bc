// Pairs a gateway event (a ban, a kick, a role change) with Discord's GUILD_AUDIT_LOG_ENTRY_CREATE
// naming who did it and why. Either may come first: an audit entry is kept a short while for the
// event that follows it, and an event waits a short while for its entry. Each entry pairs once.
// Never a call to the audit-log REST endpoint per event.
// https://discord.com/developers/docs/events/gateway-events#guild-audit-log-entry-create
import type { APIAuditLogEntry, AuditLogEvent } from 'discord-api-types/v10';

/** An audit entry as the gateway sends it. */
export type AuditEntry = APIAuditLogEntry & { guild_id: string };

export interface AuditMatch {
  actions: readonly AuditLogEvent[];
  /** The user, channel, role or emoji acted on; null when any (invites: matched by `also`). */
  targetId: string | null;
  also?: (entry: AuditEntry) => boolean;
}

/** Audit entries one guild keeps unpaired at most (a flood of them drops the oldest). */
const KEPT_PER_GUILD = 200;

export class AuditPairing {
  readonly #waitMs: number;
  readonly #keepMs: number;
  readonly #recent = new Map<string, { entry: AuditEntry; at: number }[]>();
  readonly #waiting = new Set<{ guildId: string; match: AuditMatch; done: (entry: AuditEntry | null) => void }>();

  constructor({ waitMs }: { waitMs: number }) {
    this.#waitMs = waitMs;
    // Kept long enough for an event that arrives late after its entry.
    this.#keepMs = Math.max(waitMs * 2, 5_000);
  }

  /** An audit entry arrived: to the event waiting for it, else kept for the one that follows. */
  receive(entry: AuditEntry, now = Date.now()): void {
    for (const waiter of this.#waiting) {
      if (waiter.guildId === entry.guild_id && matches(waiter.match, entry)) {
        waiter.done(entry);
        return;
      }
    }
    const kept = (this.#recent.get(entry.guild_id) ?? []).filter((k) => now - k.at < this.#keepMs);
    kept.push({ entry, at: now });
    if (kept.length > KEPT_PER_GUILD) kept.shift();
    this.#recent.set(entry.guild_id, kept);
  }

  /** The audit entry for an event: one that came before it, or one that comes within the wait; else null. */
  find(guildId: string, match: AuditMatch, now = Date.now()): Promise<AuditEntry | null> {
    const kept = this.#recent.get(guildId);
    const index = kept?.findIndex((k) => now - k.at < this.#keepMs && matches(match, k.entry)) ?? -1;
    if (kept && index >= 0) {
      const [found] = kept.splice(index, 1);
      if (kept.length === 0) this.#recent.delete(guildId);
      return Promise.resolve(found?.entry ?? null);
    }
    if (this.#waitMs === 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = {
        guildId,
        match,
        done: (entry: AuditEntry | null) => {
          clearTimeout(timer);
          this.#waiting.delete(waiter);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => waiter.done(null), this.#waitMs);
      this.#waiting.add(waiter);
    });
  }

  /** Ends every wait (unpaired) and forgets what was kept. */
  close(): void {
    for (const waiter of [...this.#waiting]) waiter.done(null);
    this.#recent.clear();
  }
}

function matches(match: AuditMatch, entry: AuditEntry): boolean {
  return match.actions.includes(entry.action_type) && (match.targetId === null || entry.target_id === match.targetId) && (match.also?.(entry) ?? true);
}

/** Who acted and why, as an entry shows it. */
export function moderatorOf(entry: AuditEntry | null): { id: string; reason: string | null } | null {
  return entry?.user_id ? { id: entry.user_id, reason: entry.reason ?? null } : null;
}
