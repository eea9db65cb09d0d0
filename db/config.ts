// Which database URL each role connects with. Production passes one URL per role; elsewhere the
// role URLs are derived from DATABASE_URL by swapping in the role names created by the migrator.
import { env, isProduction } from "../app/lib/env.server";

export const roles = {
  owner: "kiana_owner",
  app: "kiana_app",
  system: "kiana_system",
} as const;

export type RoleName = keyof typeof roles;

const developmentRolePassword = "kiana-local-development";

export function rolePassword(): string {
  return env.DATABASE_ROLE_PASSWORD ?? developmentRolePassword;
}

function requireDatabaseUrl(): string {
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set (npm run dev and npm test start an embedded Postgres when it is unset)");
  }
  return env.DATABASE_URL;
}

/** The bootstrap URL: a user allowed to create roles and databases (used by db:migrate and db:reset). */
export function adminUrl(): string {
  return requireDatabaseUrl();
}

export function roleUrl(role: RoleName): string {
  const explicit = { owner: env.DATABASE_OWNER_URL, app: env.DATABASE_APP_URL, system: env.DATABASE_SYSTEM_URL }[role];
  if (explicit) return explicit;
  if (isProduction && !env.DATABASE_ROLE_PASSWORD) {
    throw new Error(`DATABASE_${role.toUpperCase()}_URL is required in production`);
  }
  const url = new URL(requireDatabaseUrl());
  url.username = roles[role];
  url.password = rolePassword();
  return url.toString();
}
