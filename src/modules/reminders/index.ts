// Reminders and scheduled messages: `/remind`, `/reminders`, `/schedule`, and the Snooze buttons on a
// delivered reminder. Where there is a database the module's instance holds the services; once Discord
// (or the local console) is up it sends what falls due. A user's reminders and time zone go with their data.

import { defineModule } from '../../module-kit/contract.ts';
import { createReminders, type Reminders } from './instance.ts';
import { remind } from './remind.ts';
import { deleteUserReminders } from './reminder-queries.ts';
import { reminders } from './reminders.ts';
import { reminderRoutes } from './routes-reminders.ts';
import { scheduleRoutes } from './routes-schedules.ts';
import { schedule } from './schedule.ts';
import { snooze } from './snooze.ts';

// For the settings module's /timezone: the reply where reminders are not available, and the zone they are read in.
export { replyUnavailable } from './reminder-replies.ts';
export { setTimeZone, timeZoneOf } from './reminder-service.ts';

export const reminderModule = defineModule({
  name: 'reminders',
  description: 'Reminders for members, and messages scheduled by admins',
  commands: [remind, reminders, schedule],
  components: { snooze },
  // Snooze buttons were `snooze:<reminder id>:<choice>` before custom_ids were namespaced, and still are.
  customIdPrefixes: { 'snooze:': 'snooze' },
  setup(ctx): Reminders | undefined {
    // Reminders live in the database: without it (a split bot) the commands say they are not available here.
    if (!ctx.sql) return undefined;
    return createReminders({
      sql: ctx.sql,
      clock: ctx.clock,
      log: ctx.log,
      maxPerUser: ctx.config.REMINDERS_PER_USER,
      pollIntervalMs: ctx.config.REMINDER_POLL_INTERVAL_MS,
      channels: ctx.channels,
      onJobError: ctx.reportError,
      metrics: ctx.metrics,
    });
  },
  // Every process connected to Discord sends what falls due (each row is claimed by one of them); the
  // local console prints its own reminders.
  connected(ctx) {
    const scheduler = ctx.discord ? ctx.instance?.startScheduler(ctx.discord) : ctx.console && ctx.instance?.startConsoleScheduler(ctx.console.write);
    return scheduler && (() => scheduler.stop());
  },
  // /api/schedules and /api/reminders, where there is a database (always, in an API process): a schedule
  // added there goes through the module's service, which checks its channel and wakes the schedulers.
  apiRoutes: (ctx) => (ctx.sql && ctx.instance ? [...scheduleRoutes(ctx.sql, ctx.instance.schedules), ...reminderRoutes(ctx.sql)] : []),
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserReminders(ctx.sql, userId) : undefined),
});
