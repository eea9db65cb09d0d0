// Creates a workspace with its owner membership and trial, inside the caller's transaction (signup
// and "new workspace" both use it). The slug in every workspace URL comes from the name.
import { randomBytes, randomUUID } from "node:crypto";
import { scopeTo, type Tx } from "../../../db/transactions";
import { env } from "~/lib/env.server";
import { recordSecurityEvent, type RequestMeta } from "../audit/security-events.server";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 30)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : `workspace-${base}`.replace(/-+$/g, "");
}

export interface CreatedWorkspace {
  id: string;
  slug: string;
  name: string;
}

export async function createWorkspace(tx: Tx, { name, ownerId, meta }: { name: string; ownerId: string; meta: RequestMeta }): Promise<CreatedWorkspace> {
  const id = randomUUID();
  await scopeTo(tx, id, ownerId);
  const base = slugify(name);
  // Slugs are global; a taken one gets a short random suffix. Tried in a savepoint so a clash does not abort the transaction.
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${randomBytes(3).toString("hex")}`;
    try {
      await tx.savepoint((sp) => sp`insert into workspaces (id, slug, name, trial_ends_at)
        values (${id}, ${slug}, ${name}, now() + make_interval(days => ${env.TRIAL_DAYS}))`);
      await tx`insert into memberships (workspace_id, user_id, role) values (${id}, ${ownerId}, 'owner')`;
      await recordSecurityEvent(tx, id, { kind: "workspace_created", actorId: ownerId, meta, details: { name } });
      return { id, slug, name };
    } catch (error) {
      if (!isUniqueViolation(error, "workspaces_slug_key") || attempt >= 5) throw error;
    }
  }
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "23505" &&
    "constraint_name" in error && error.constraint_name === constraint;
}
