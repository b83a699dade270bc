// The built-in commands, listed statically: a bundle has no folder to scan at run time.

import type { Command } from '../command-types.ts';
import { command } from './command.ts';
import { custom } from './custom.ts';
import { help } from './help.ts';
import { ping } from './ping.ts';
import { remind } from './remind.ts';
import { reminders } from './reminders.ts';
import { schedule } from './schedule.ts';
import { settings } from './settings.ts';
import { stats } from './stats.ts';
import { timezone } from './timezone.ts';
import { top } from './top.ts';

export type { Command } from '../command-types.ts';

export const BUILT_IN_COMMANDS: readonly Command[] = [ping, help, custom, command, stats, top, remind, reminders, timezone, schedule, settings];
