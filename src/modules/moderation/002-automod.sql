-- Automod deletes a message as a case of its own (action `delete`) when it is set to do nothing more.
alter table cases drop constraint cases_action_check;
alter table cases add constraint cases_action_check
  check (action in ('warn', 'timeout', 'untimeout', 'kick', 'ban', 'unban', 'purge', 'delete'));
