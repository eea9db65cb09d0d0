// In-process database measurements: the benchmark account, made by the real signup module, and the
// cost of withWorkspace's identity setup. Imports app code: load it only once DATABASE_URL is final.
import { performance } from "node:perf_hooks";
import { appSql } from "../../db/pools";
import { withUser, withWorkspace } from "../../db/transactions";
import { signUp } from "../../app/modules/auth/sign-up.server";

export interface BenchAccount {
  userId: string;
  workspaceId: string;
  slug: string;
  login: string;
  password: string;
}

/** A new user and the workspace they own; `label` tells apart the accounts of one run. */
export async function createAccount(label = "owner"): Promise<BenchAccount> {
  const form = {
    name: `Bench ${label}`,
    email: `bench-${label}@example.com`,
    username: `bench-${label}`,
    workspaceName: `Bench ${label}`,
    password: "bench-Pass-phrase-42",
    acceptTerms: "on",
  };
  const result = await signUp(form, { ip: "127.0.0.1", userAgent: "kiana-bench" });
  if (!result.ok) throw new Error(`signUp refused the benchmark account: ${JSON.stringify(result.errors)}`);
  // signUp reports the slug only; the id is read back the way the app would, as the new member.
  const [workspace] = await withUser(result.userId, (tx) => tx<{ id: string }[]>`select id from workspaces where slug = ${result.workspaceSlug}`);
  if (!workspace) throw new Error("the new workspace is not visible to its owner");
  return { userId: result.userId, workspaceId: workspace.id, slug: result.workspaceSlug, login: form.username, password: form.password };
}

export const variants = ["withWorkspace", "plainTransaction", "bareQuery"] as const;
export type Variant = (typeof variants)[number];

type Count = { count: string }[];

/** The same query shape three ways; only withWorkspace sets the RLS identity, so only it sees the membership. */
function runVariant(variant: Variant, account: BenchAccount): Promise<Count> {
  switch (variant) {
    case "withWorkspace":
      return withWorkspace(account.workspaceId, account.userId, (tx) => tx<Count>`select count(*) from memberships`);
    case "plainTransaction":
      return appSql().begin((tx) => tx<Count>`select count(*) from memberships`) as Promise<Count>;
    case "bareQuery":
      return appSql()<Count>`select count(*) from memberships`;
  }
}

export interface IdentityPlan {
  iterations: number;
  warmup: number;
  rounds: number;
  maxSeconds: number;
}

export interface IdentityRun {
  /** Microseconds per call, per variant. */
  samples: Record<Variant, number[]>;
  /** Memberships each variant could see: proof that RLS, not an empty table, makes the difference. */
  rowsSeen: Record<Variant, number>;
}

async function timeCall(variant: Variant, account: BenchAccount): Promise<number> {
  const started = performance.now();
  await runVariant(variant, account);
  return (performance.now() - started) * 1000;
}

export async function measureIdentityCost(account: BenchAccount, plan: IdentityPlan): Promise<IdentityRun> {
  const rowsSeen = {} as Record<Variant, number>;
  for (const variant of variants) rowsSeen[variant] = Number((await runVariant(variant, account))[0]?.count ?? Number.NaN);
  // Warm-up prepares the statements on every pooled connection and lets the JIT settle.
  for (let i = 0; i < plan.warmup; i++) for (const variant of variants) await runVariant(variant, account);
  const samples: Record<Variant, number[]> = { withWorkspace: [], plainTransaction: [], bareQuery: [] };
  const perRound = Math.ceil(plan.iterations / plan.rounds);
  const deadline = performance.now() + plan.maxSeconds * 1000;
  // Rounds rotate which variant goes first, so drift in machine load does not favour one of them.
  for (let round = 0; round < plan.rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length] as Variant);
    for (const variant of order) {
      for (let i = 0; i < perRound && samples[variant].length < plan.iterations && performance.now() < deadline; i++) {
        samples[variant].push(await timeCall(variant, account));
      }
    }
  }
  return { samples, rowsSeen };
}
