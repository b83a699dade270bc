// Cron expressions read in an IANA time zone, with croner: it computes runs across DST changes
// from the zone's rules, which hand-written date arithmetic gets wrong twice a year.
import { Cron } from 'croner';

/** Why `expression` is not a cron expression we accept, or undefined when it is. Five fields only:
 *  a run at most once a minute, so a schedule cannot flood a channel every second. */
export function checkCron(expression: string, timeZone: string): string | undefined {
  if (expression.trim().split(/\s+/).length !== 5) return 'must have five fields: minute hour day-of-month month day-of-week';
  try {
    if (!cronOf(expression, timeZone).nextRun()) return 'never runs';
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
  return undefined;
}

/** The next `count` runs strictly after `after`. */
export function nextRuns(expression: string, timeZone: string, after: number, count: number): Date[] {
  return cronOf(expression, timeZone).nextRuns(count, new Date(after));
}

/** The next run strictly after `after`, or null when there is none. */
export function nextRunAfter(expression: string, timeZone: string, after: number): Date | null {
  return cronOf(expression, timeZone).nextRun(new Date(after));
}

function cronOf(expression: string, timeZone: string): Cron {
  // Without a callback croner only computes times; it never starts a timer.
  return new Cron(expression, { timezone: timeZone, paused: true });
}
