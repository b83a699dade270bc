// The built-in modules, listed statically: a bundle has no folder to scan at run time. A new module
// is one folder and one line here.
import type { ModuleDefinition } from '../module-kit/contract.ts';
import { auditLog } from './audit/index.ts';
import { core } from './core/index.ts';
import { customCommands } from './custom-commands/index.ts';
import { errorLog } from './errors/index.ts';
import { eventLog } from './event-log/index.ts';
import { commandLog } from './logs/index.ts';
import { moderation } from './moderation/index.ts';
import { reminderModule } from './reminders/index.ts';
import { roleMenus } from './role-menus/index.ts';
import { serverSettings } from './settings/index.ts';
import { statsModule } from './stats/index.ts';
import { welcome } from './welcome/index.ts';

export const BUILT_IN_MODULES: readonly ModuleDefinition[] = [core, serverSettings, customCommands, reminderModule, statsModule, commandLog, errorLog, auditLog, welcome, roleMenus, moderation, eventLog];
