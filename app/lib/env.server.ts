// The process configuration, parsed once at boot with zod. Everything else reads `env`, never
// `process.env`, so a missing or malformed setting fails loudly at start instead of mid-request.
import { z } from "zod";

const Env = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().positive().default(3000),
    APP_URL: z.string().url().optional(),
    DATABASE_URL: z.string().url().optional(),
    DATABASE_OWNER_URL: z.string().url().optional(),
    DATABASE_APP_URL: z.string().url().optional(),
    DATABASE_SYSTEM_URL: z.string().url().optional(),
    DATABASE_ROLE_PASSWORD: z.string().min(1).optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
    META_APP_SECRET: z.string().min(8).optional(),
    // Meta's Graph API origin (the emulator in development and tests) and the default API version.
    META_GRAPH_URL: z.string().url().default("https://graph.facebook.com"),
    META_API_VERSION: z.string().regex(/^v\d+\.\d+$/, "like v24.0").default("v24.0"),
    // Stripe's API origin (the emulator in development and tests), the secret key and the webhook secret.
    STRIPE_API_BASE: z.string().url().default("https://api.stripe.com"),
    STRIPE_SECRET_KEY: z.string().min(1).optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
    BILLING_GRACE_DAYS: z.coerce.number().int().min(0).default(7),
    // Keys that encrypt secrets at rest: "id:base64-of-32-bytes" pairs separated by commas; the first
    // encrypts, all decrypt, so a key is rotated by putting the new one first.
    SECRETS_KEYS: z.string().min(1).optional(),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default("Kiana WhatsApp Panel <no-reply@kianallc.com>"),
    WORKER_CONCURRENCY: z.coerce.number().int().positive().default(5),
    WEB_CONCURRENCY: z.coerce.number().int().positive().max(64).default(1),
    // How often an idle worker looks for due jobs (new jobs are announced at once; jobs due later are found by polling).
    WORKER_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
    // Campaign senders: how long a claimed message belongs to its sender, how much longer a message whose
    // request may have reached Meta waits for Meta's status before it counts as interrupted, and how long one
    // sender job works before handing over to its successor (also the longest a killed worker's lane stays idle).
    CAMPAIGN_CLAIM_SECONDS: z.coerce.number().int().positive().default(60),
    CAMPAIGN_INTERRUPTED_GRACE_SECONDS: z.coerce.number().int().positive().default(120),
    CAMPAIGN_SENDER_JOB_SECONDS: z.coerce.number().int().positive().default(15),
    TRIAL_DAYS: z.coerce.number().int().positive().default(14),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(50),
    TRUST_PROXY: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
  })
  .superRefine((value, ctx) => {
    if (value.NODE_ENV !== "production") return;
    if (!value.APP_URL) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "APP_URL is required in production" });
    }
    if (!value.SECRETS_KEYS) {
      ctx.addIssue({ code: "custom", path: ["SECRETS_KEYS"], message: "SECRETS_KEYS is required in production" });
    }
    for (const key of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const) {
      if (!value[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
    }
    const allRoleUrls = value.DATABASE_OWNER_URL && value.DATABASE_APP_URL && value.DATABASE_SYSTEM_URL;
    if (!allRoleUrls && !value.DATABASE_ROLE_PASSWORD) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_ROLE_PASSWORD"],
        message: "In production set DATABASE_ROLE_PASSWORD or all three DATABASE_*_URL role URLs",
      });
    }
  });

export type Env = z.infer<typeof Env>;

function parseEnv(): Env {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();
export const isProduction = env.NODE_ENV === "production";

/** The public origin used in links that leave the app (emails). */
export function appUrl(path = "/"): string {
  const origin = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return new URL(path, origin).toString();
}
