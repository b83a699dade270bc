// Every REST route the fake serves, relative to /api/v10.
import type { Route } from '../router.ts';
import { applicationRoutes } from './applications.ts';
import { autoModerationRoutes } from './auto-moderation.ts';
import { channelRoutes } from './channels.ts';
import { gatewayRoutes } from './gateway.ts';
import { guildRoutes } from './guilds.ts';
import { interactionRoutes } from './interactions.ts';
import { inviteRoutes } from './invites.ts';
import { moderationRoutes } from './moderation.ts';
import { oauth2Routes } from './oauth2.ts';
import { userRoutes } from './users.ts';

export const routes: readonly Route[] = [
  ...gatewayRoutes,
  ...userRoutes,
  ...guildRoutes,
  ...moderationRoutes,
  ...autoModerationRoutes,
  ...channelRoutes,
  ...applicationRoutes,
  ...interactionRoutes,
  ...inviteRoutes,
  ...oauth2Routes,
];
