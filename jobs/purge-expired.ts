// Task purge-expired (hourly cron): deletes sessions, email tokens and login attempts that can no
// longer be used, invitations of every workspace that expired a month ago, and contact files
// uploaded but never imported. Idempotent.
import type { Task } from "graphile-worker";
import { withoutTenant, withSystem } from "../db/transactions";

export const purgeExpired: Task = async (_payload, helpers) => {
  const global = await withoutTenant(async (tx) => {
    const sessions = await tx`delete from sessions where expires_at < now() - interval '7 days' or revoked_at < now() - interval '30 days'`;
    const tokens = await tx`delete from email_tokens where expires_at < now() - interval '7 days'`;
    const attempts = await tx`delete from login_attempts where created_at < now() - interval '1 day'`;
    return sessions.count + tokens.count + attempts.count;
  });
  const invitations = await withSystem((tx) => tx`delete from invitations where expires_at < now() - interval '30 days' and accepted_at is null`);
  // Contact files whose upload broke off, or that were never imported, are not kept (their chunks go with them).
  const uploads = await withSystem((tx) => tx`
    delete from contact_imports
     where (status = 'uploading' and updated_at < now() - interval '1 day') or (status = 'uploaded' and updated_at < now() - interval '7 days')`);
  helpers.logger.info(`purged ${global} expired account rows, ${invitations.count} old invitations and ${uploads.count} abandoned contact uploads`);
};
