// Platform staff: a flag on users, set only by the `npm run staff` script, never by signup.
// Staff pages answer 404 to everyone else, so they are not discoverable.
import { withoutTenant } from "../../../db/transactions";
import { requireUser, type SessionUser } from "./sessions.server";

export async function requireStaff(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.isStaff) throw new Response("Not found", { status: 404 });
  return user;
}

/** Grants or removes the staff flag; returns false when no account has that email. */
export async function setStaff(email: string, isStaff: boolean): Promise<boolean> {
  const rows = await withoutTenant((tx) => tx`update users set is_staff = ${isStaff} where email = ${email.trim().toLowerCase()} returning id`);
  return rows.length === 1;
}
