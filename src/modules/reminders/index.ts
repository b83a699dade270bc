// Reminders and scheduled messages: `/remind`, `/reminders`, `/schedule`. A user's reminders and
// time zone go with their data.
import { deleteUserReminders } from '../../features/scheduling/reminder-queries.ts';
import { defineModule } from '../../module-kit/contract.ts';
import { remind } from './remind.ts';
import { reminders } from './reminders.ts';
import { schedule } from './schedule.ts';

export const reminderModule = defineModule({
  name: 'reminders',
  description: 'Reminders for members, and messages scheduled by admins',
  commands: [remind, reminders, schedule],
  deleteUserData: (ctx, userId) => (ctx.sql ? deleteUserReminders(ctx.sql, userId) : undefined),
});
