// Data deletion requests from the public form, an email handled by staff, a workspace owner or
// Meta's callback: creation, email verification, status moves (recorded and mailed) and the
// public status page. Nothing here touches workspace data; the executor does, after approval.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { withoutTenant, type Tx } from "../../../db/transactions";
import { queueEmail } from "../../../emails/queue";
import { enqueueJob } from "../../../jobs/enqueue";
import { appUrl } from "~/lib/env.server";
import { digestToken, randomToken } from "~/lib/crypto.server";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { hitRateLimit } from "~/lib/rate-limit.server";
import type { RequestMeta } from "../audit/security-events.server";
import { Email } from "../auth/schemas";
import { canMove, statusLabels, type DeletionStatus } from "./status";

export const reviewDays = 30;
const verificationHours = 24;
const perIp = { bucket: "deletion-request-ip", limit: 5, windowMinutes: 60 };
const perEmail = { bucket: "deletion-request-email", limit: 3, windowMinutes: 60 };

const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`).optional().transform((value) => value || null);

export const DeletionRequestForm = z.object({
  email: Email,
  adminUsername: z.string().trim().min(1, "Enter the admin username of the account").max(64, "Use at most 64 characters"),
  panelUrl: z.string().trim().min(1, "Enter the panel URL or workspace address").max(500, "Use at most 500 characters"),
  businessName: z.string().trim().min(1, "Enter the business or workspace name").max(200, "Use at most 200 characters"),
  details: optionalText(5000),
});

/** The status code in each status URL: 20 base32 characters, 100 random bits. */
export function newConfirmationCode(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return [...randomBytes(20)].map((byte) => alphabet[byte % 32]).join("");
}

export function statusUrl(code: string): string {
  return appUrl(`/data-deletion/status/${code}`);
}

export interface DeletionRequestRow {
  id: string;
  code: string;
  status: DeletionStatus;
  requesterEmail: string | null;
}

export interface Actor {
  kind: "requester" | "staff" | "owner" | "system" | "meta";
  userId?: string | null;
}

/** Moves a request one step forward, records who did it, and mails the requester. False when the move is not allowed now. */
export async function moveDeletionStatus(tx: Tx, request: DeletionRequestRow, to: DeletionStatus, actor: Actor, note: string | null = null): Promise<boolean> {
  if (!canMove(request.status, to)) return false;
  const moved = await tx`update deletion_requests set status = ${to}, updated_at = now()
    where id = ${request.id} and status = ${request.status} returning id`;
  if (moved.length === 0) return false;
  await tx`insert into deletion_request_events (request_id, from_status, to_status, actor, actor_user_id, note)
    values (${request.id}, ${request.status}, ${to}, ${actor.kind}, ${actor.userId ?? null}, ${note})`;
  if (request.requesterEmail) {
    await queueEmail(tx, {
      template: "deletion-status",
      to: request.requesterEmail,
      data: { code: request.code, statusLabel: statusLabels[to], note, url: statusUrl(request.code) },
    });
  }
  return true;
}

async function sendVerification(tx: Tx, requestId: string, email: string): Promise<void> {
  const token = randomToken();
  await tx`update deletion_requests set verification_token_hash = ${digestToken(token)},
    verification_expires_at = now() + make_interval(hours => ${verificationHours}), updated_at = now() where id = ${requestId}`;
  await queueEmail(tx, { template: "deletion-verify", to: email, data: { url: appUrl(`/data-deletion/verify/${token}`) } });
}

export type SubmitResult = { ok: true } | { ok: false; errors: FieldErrors };

/**
 * The public form. The answer is the same whether or not an account or an earlier request exists;
 * a filled honeypot is accepted silently and does nothing.
 */
export async function submitDeletionRequest(input: Record<string, unknown>, meta: RequestMeta, source: "web_form" | "email" = "web_form"): Promise<SubmitResult> {
  const parsed = DeletionRequestForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  if (typeof input.website === "string" && input.website.length > 0) return { ok: true };
  const form = parsed.data;
  return withoutTenant(async (tx) => {
    if (source === "web_form") {
      const wait = Math.max(await hitRateLimit(tx, perIp, meta.ip ?? "unknown"), await hitRateLimit(tx, perEmail, form.email));
      if (wait > 0) return { ok: false as const, errors: { form: `Too many requests. Try again in ${wait} minute${wait === 1 ? "" : "s"}.` } };
    }
    await tx`select pg_advisory_xact_lock(hashtext(${`deletion-request:${form.email}`}))`;
    const [open] = await tx<(DeletionRequestRow & { verifiedAt: Date | null })[]>`
      select id, code, status, requester_email, verified_at from deletion_requests
       where requester_email = ${form.email} and status in ('unverified', 'pending_review', 'approved', 'in_progress')`;
    if (open) {
      if (open.status === "unverified") await sendVerification(tx, open.id, form.email);
      else await queueEmail(tx, { template: "deletion-status", to: form.email, data: { code: open.code, statusLabel: statusLabels[open.status], note: "You already have an open request.", url: statusUrl(open.code) } });
      return { ok: true as const };
    }
    const [created] = await tx<{ id: string }[]>`
      insert into deletion_requests (code, source, requester_email, admin_username, panel_url, business_name, details, requester_ip)
      values (${newConfirmationCode()}, ${source}, ${form.email}, ${form.adminUsername}, ${form.panelUrl}, ${form.businessName}, ${form.details}, ${meta.ip})
      returning id`;
    await tx`insert into deletion_request_events (request_id, from_status, to_status, actor, note)
      values (${created!.id}, null, 'unverified', ${source === "email" ? "staff" : "requester"}, ${source === "email" ? "opened from an email to info@kianallc.com" : null})`;
    await sendVerification(tx, created!.id, form.email);
    return { ok: true as const };
  });
}

export type VerifyResult = { status: "verified"; code: string } | { status: "expired" | "unknown" };

/** Following the emailed link: the request moves to review with a due date 30 days out. */
export async function verifyDeletionRequest(token: string): Promise<VerifyResult> {
  return withoutTenant(async (tx) => {
    const [row] = await tx<(DeletionRequestRow & { expired: boolean })[]>`
      select id, code, status, requester_email, verification_expires_at <= now() as expired
        from deletion_requests where verification_token_hash = ${digestToken(token)} for update`;
    if (!row) return { status: "unknown" as const };
    if (row.status !== "unverified") return { status: "verified" as const, code: row.code };
    if (row.expired) return { status: "expired" as const };
    await tx`update deletion_requests set verified_at = now(), due_at = now() + make_interval(days => ${reviewDays}) where id = ${row.id}`;
    await moveDeletionStatus(tx, row, "pending_review", { kind: "requester" });
    return { status: "verified" as const, code: row.code };
  });
}

/** An expired link can ask for a fresh one, as long as the request still waits for confirmation. */
export async function resendDeletionVerification(token: string): Promise<boolean> {
  return withoutTenant(async (tx) => {
    const [row] = await tx<{ id: string; requesterEmail: string }[]>`
      select id, requester_email from deletion_requests where verification_token_hash = ${digestToken(token)} and status = 'unverified' for update`;
    if (!row) return false;
    await sendVerification(tx, row.id, row.requesterEmail);
    return true;
  });
}

/** Opens a request that needs no email confirmation (an owner who re-entered their password, or Meta's signed callback). */
export async function openVerifiedRequest(
  tx: Tx,
  fields: { source: "owner" | "meta_callback"; email: string | null; adminUsername?: string | null; businessName?: string | null; panelUrl?: string | null; metaUserId?: string | null; targetWorkspaceId?: string | null },
  actor: Actor,
  note: string,
): Promise<{ id: string; code: string }> {
  const code = newConfirmationCode();
  const [created] = await tx<{ id: string }[]>`
    insert into deletion_requests (code, source, status, requester_email, admin_username, business_name, panel_url, meta_user_id,
                                   target_workspace_id, verified_at, due_at)
    values (${code}, ${fields.source}, 'pending_review', ${fields.email}, ${fields.adminUsername ?? null}, ${fields.businessName ?? null},
            ${fields.panelUrl ?? null}, ${fields.metaUserId ?? null}, ${fields.targetWorkspaceId ?? null}, now(), now() + make_interval(days => ${reviewDays}))
    returning id`;
  await tx`insert into deletion_request_events (request_id, from_status, to_status, actor, actor_user_id, note)
    values (${created!.id}, null, 'pending_review', ${actor.kind}, ${actor.userId ?? null}, ${note})`;
  if (fields.email) {
    await queueEmail(tx, { template: "deletion-status", to: fields.email, data: { code, statusLabel: statusLabels.pending_review, note, url: statusUrl(code) } });
  }
  return { id: created!.id, code };
}

export interface PublicRequestStatus {
  code: string;
  status: DeletionStatus;
  createdAt: Date;
  verifiedAt: Date | null;
  dueAt: Date | null;
  completedAt: Date | null;
  decisionReason: string | null;
  events: { toStatus: DeletionStatus; actor: string; createdAt: Date }[];
}

export async function requestStatus(code: string): Promise<PublicRequestStatus | null> {
  if (!/^[A-Z2-7]{20}$/.test(code)) return null;
  return withoutTenant(async (tx) => {
    const [row] = await tx<(Omit<PublicRequestStatus, "events"> & { id: string })[]>`
      select id, code, status, created_at, verified_at, due_at, completed_at,
             case when status = 'denied' then decision_reason end as decision_reason
        from deletion_requests where code = ${code} and status <> 'unverified'`;
    if (!row) return null;
    const events = await tx<PublicRequestStatus["events"]>`
      select to_status, actor, created_at from deletion_request_events where request_id = ${row.id} order by created_at`;
    const { id: _id, ...status } = row;
    return { ...status, events };
  });
}

/** Queues the executor for an approved request; a job key makes repeated calls collapse into one job. */
export async function queueDeletion(tx: Tx, requestId: string): Promise<void> {
  await enqueueJob(tx, "execute-deletion", { requestId }, { jobKey: `execute-deletion:${requestId}`, maxAttempts: 10 });
}
