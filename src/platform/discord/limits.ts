// Discord's limits that more than one layer holds to (the API when saving, the bot when registering).

/** Chat-input commands per guild (and globally). https://discord.com/developers/docs/interactions/application-commands#registering-a-command */
export const MAX_SLASH_COMMANDS = 100;
