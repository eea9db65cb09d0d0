-- Template names: 0004's check wrote the length as a regex repetition {1,512}, which Postgres refuses
-- at run time (repetition counts stop at 255), so no template could be stored. The same rule,
-- written as a character class plus a length check.
alter table message_templates drop constraint message_templates_name_check;
alter table message_templates add constraint message_templates_name_check
  check (name ~ '^[a-z0-9_]+$' and length(name) <= 512);
