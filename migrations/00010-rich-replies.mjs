// Rich replies and application commands (issue 14): a custom command's embeds and buttons, those of
// each response of its pool, and whether it is also a slash command or a context-menu command.
// Command logs learn two more sources: a command button pressed, a context-menu use.

export async function up(sql) {
  await sql.unsafe(`
    alter table custom_commands
      add column embeds jsonb not null default '[]',
      add column buttons jsonb not null default '[]',
      -- By index, the embeds and buttons of each of responses ([{embeds, buttons}], possibly shorter).
      add column responses_rich jsonb not null default '[]',
      add column slash boolean not null default false,
      add column context text check (context in ('message', 'user'));
    -- A response may now be empty when its embeds say something.
    alter table custom_commands drop constraint custom_commands_response_check;
    alter table custom_commands add constraint custom_commands_response_check
      check (char_length(response) <= 2000 and (char_length(response) > 0 or jsonb_array_length(embeds) > 0));

    alter table command_logs drop constraint if exists command_logs_source_check;
    alter table command_logs add constraint command_logs_source_check
      check (source in ('prefix', 'slash', 'console', 'button', 'context'));
  `);
}

export async function down(sql) {
  await sql.unsafe(`
    delete from command_logs where source in ('button', 'context');
    alter table command_logs drop constraint if exists command_logs_source_check;
    alter table command_logs add constraint command_logs_source_check check (source in ('prefix', 'slash', 'console'));
    update custom_commands set response = '…' where response = '';
    alter table custom_commands drop constraint custom_commands_response_check;
    alter table custom_commands add constraint custom_commands_response_check check (char_length(response) between 1 and 2000);
    alter table custom_commands
      drop column embeds,
      drop column buttons,
      drop column responses_rich,
      drop column slash,
      drop column context;
  `);
}
