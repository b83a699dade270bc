// Discord's limits that more than one layer holds to (the API when saving, the bot when registering).

/** Chat-input commands per guild (and globally). https://discord.com/developers/docs/interactions/application-commands#registering-a-command */
export const MAX_SLASH_COMMANDS = 100;

/** User context-menu commands per guild (and globally), and as many message ones. Same page. */
export const MAX_CONTEXT_MENU_COMMANDS = 5;

/** A command's name as Discord allows it for slash commands, lowercase only (the command names of custom commands and of modules). https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-naming */
export const COMMAND_NAME_PATTERN = /^[-_a-z0-9]{1,32}$/;
