-- Asking for a job that a burst of events shares (one apply job per workspace for its stored Meta
-- webhooks): when one with the key is already waiting, nothing is written at all, so concurrent
-- webhook requests no longer queue one behind the other on that job's row. Otherwise the job is
-- added, due now (so the worker hears of it at once), or follows one a worker is already running.
create function app_private.request_job(task text, payload json, job_key text) returns void
  language plpgsql volatile security definer
  set search_path = pg_catalog, pg_temp
  as $$
begin
  if exists (select 1 from graphile_worker._private_jobs j where j.key = request_job.job_key and j.locked_at is null) then
    return;
  end if;
  perform graphile_worker.add_job(
    identifier => task,
    payload => payload,
    job_key => request_job.job_key,
    job_key_mode => 'preserve_run_at',
    max_attempts => 25
  );
end
$$;
revoke all on function app_private.request_job(text, json, text) from public;
grant execute on function app_private.request_job(text, json, text) to kiana_app, kiana_system;

-- Deliveries not applied yet, for the safety net that requests their workspace's apply job again.
create index whatsapp_webhook_events_unapplied_idx on whatsapp_webhook_events (received_at) where applied_at is null;
