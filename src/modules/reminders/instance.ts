// Reminders and scheduled messages in one process: the services the commands and the API use, and
// the scheduler that sends what falls due once the bot can reach Discord.
import type { API } from '@discordjs/core';
import type { ChannelOwnership } from '../../features/channels/ownership.ts';
import { type DeliveryQueue, type Scheduler, startScheduler } from '../../features/scheduling/scheduler.ts';
import type { Sql } from '../../platform/db/connect.ts';
import type { Logger } from '../../platform/log.ts';
import type { Metrics } from '../../platform/metrics/registry.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { consoleReminderText, sendReminder, sendScheduledMessage } from './delivery.ts';
import { tableQueue } from './delivery-queue.ts';
import { MAX_HORIZON_MS } from './horizon.ts';
import type { Reminder } from './reminder-queries.ts';
import { createReminderService, type ReminderService } from './reminder-service.ts';
import type { ScheduledMessage } from './schedule-queries.ts';
import { createScheduleService, type ScheduleService } from './schedule-service.ts';

export interface RemindersOptions {
  sql: Sql;
  clock: Clock;
  log: Logger;
  maxPerUser: number;
  pollIntervalMs: number;
  /** Which guild a channel is in: checked when a schedule is saved, and before every send to a stored channel. */
  channels: ChannelOwnership;
  /** Told about unexpected errors of the scheduler (not Discord refusing a send). */
  onJobError?: (error: unknown, context: Record<string, unknown>) => void;
  metrics?: Metrics;
}

export interface Reminders {
  service: ReminderService;
  schedules: ScheduleService;
  /** Starts sending due rows through `api`; stopped with the returned scheduler. */
  startScheduler(api: API): Scheduler;
  /** Starts sending the local console's due reminders to `write` (the console has no Discord). */
  startConsoleScheduler(write: (text: string) => void): Scheduler;
}

export function createReminders({ sql, clock, log, maxPerUser, pollIntervalMs, channels, onJobError, metrics }: RemindersOptions): Reminders {
  // The schedulers this instance started (the module's one per process): a change made through it (a
  // reminder set, a schedule added through the API) wakes them, to look now rather than at the next
  // poll. Kept here, not per module file, so apps sharing a process (tests) do not wake each other's.
  const running = new Set<Scheduler>();
  const wakeSchedulers = (): void => {
    for (const scheduler of running) scheduler.wake();
  };
  const run = (queues: DeliveryQueue[]): Scheduler => {
    const started = startScheduler({ queues, clock, log, pollIntervalMs, metrics, ...(onJobError ? { onError: onJobError } : {}) });
    running.add(started);
    return {
      wake: started.wake,
      async stop() {
        running.delete(started);
        await started.stop();
      },
    };
  };
  return {
    service: createReminderService(sql, clock, { maxPerUser, maxHorizonMs: MAX_HORIZON_MS }, wakeSchedulers),
    schedules: createScheduleService(sql, clock, channels, wakeSchedulers),
    startScheduler(api) {
      return run([
        tableQueue<Reminder>(sql, 'reminders', { table: 'reminders' }, (row, lateMs) => sendReminder(api, channels, row, lateMs)),
        tableQueue<ScheduledMessage>(sql, 'scheduled_messages', { table: 'scheduled_messages' }, (row, lateMs) =>
          sendScheduledMessage(api, channels, row, lateMs),
        ),
      ] as DeliveryQueue[]);
    },
    startConsoleScheduler(write) {
      const send = async (row: Reminder, lateMs: number) => write(consoleReminderText(row, lateMs));
      return run([tableQueue(sql, 'console_reminders', { table: 'reminders', forConsole: true }, send)] as DeliveryQueue[]);
    },
  };
}
