-- The per-number send limiter, shared by every worker: each phone number has a pacer whose
-- next_slot_at is the earliest moment the next message may leave. Reserving n messages moves it
-- n intervals (1 / throughput seconds) forward under the row's lock, so workers never hand out the
-- same slot and the number's rate holds however many workers send. A throttle answer from Meta
-- pushes the slot further out (backoff).
create table send_pacers (
  workspace_id uuid not null,
  phone_number_id text not null,
  next_slot_at timestamptz not null default now(),
  primary key (workspace_id, phone_number_id),
  foreign key (workspace_id, phone_number_id) references whatsapp_phone_numbers (workspace_id, phone_number_id) on delete cascade
);

alter table send_pacers enable row level security;
alter table send_pacers force row level security;
create policy send_pacers_tenant on send_pacers for all
  using (workspace_id = (select app_private.current_workspace_id()))
  with check (workspace_id = (select app_private.current_workspace_id()));

grant select, insert, update, delete on send_pacers to kiana_app;
