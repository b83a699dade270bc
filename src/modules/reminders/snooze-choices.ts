// The Snooze buttons on a delivered reminder, and their custom_id (`snooze:<reminder id>:<choice>`).

export const SNOOZE_CHOICES = [
  { id: '10m', label: 'Snooze 10 min', ms: 600_000 },
  { id: '1h', label: 'Snooze 1 h', ms: 3_600_000 },
  { id: '1d', label: 'Tomorrow', ms: 86_400_000 },
] as const;

export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

export function snoozeCustomId(reminderId: string, choice: SnoozeChoice['id']): string {
  return `snooze:${reminderId}:${choice}`;
}

/** The reminder and choice a button's custom_id names, or undefined if it is not a snooze button. */
export function parseSnoozeCustomId(customId: string): { reminderId: string; choice: SnoozeChoice } | undefined {
  const match = /^snooze:(\d+):(\w+)$/.exec(customId);
  const choice = SNOOZE_CHOICES.find((c) => c.id === match?.[2]);
  return match?.[1] && choice ? { reminderId: match[1], choice } : undefined;
}
