// Background jobs: two graphile-worker runners side by side deliver each queued email exactly
// once into the dev mailbox; a job is only visible once the transaction that queued it commits.
import { run, type Runner } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import { roleUrl } from "../../db/config";
import { withoutTenant } from "../../db/transactions";
import { queueEmail } from "../../emails/queue";
import { listDevMails } from "../../app/modules/ops/dev-mailbox.server";
import { taskList } from "../../jobs/tasks";
import { uniqueName } from "../helpers/factories";

const runners: Runner[] = [];
afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
});

async function startRunner() {
  const runner = await run({ connectionString: roleUrl("owner"), concurrency: 2, pollInterval: 200, taskList, noHandleSignals: true });
  runners.push(runner);
  return runner;
}

async function waitFor<T>(check: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("send-email jobs", () => {
  it("two workers deliver 20 emails exactly once each, and a rolled-back email is never sent", async () => {
    await Promise.all([startRunner(), startRunner()]);
    const to = `${uniqueName("mail")}@example.test`;
    await withoutTenant(async (tx) => {
      for (let index = 0; index < 20; index++) {
        await queueEmail(tx, { template: "verify-email", to, data: { name: `Reader ${index}`, url: `http://localhost/verify-email/${index}` } });
      }
    });
    const ghost = `${uniqueName("ghost")}@example.test`;
    await expect(
      withoutTenant(async (tx) => {
        await queueEmail(tx, { template: "verify-email", to: ghost, data: { name: "Ghost", url: "http://localhost/verify-email/x" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");

    const mails = await waitFor(async () => {
      const found = await listDevMails({ to, limit: 100 });
      return found.length >= 20 ? found : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const settled = await listDevMails({ to, limit: 100 });
    expect(settled).toHaveLength(20);
    expect(new Set(settled.map((mail) => mail.textBody)).size).toBe(20);
    expect(mails[0]?.subject).toBe("Confirm your email for Kiana WhatsApp Panel");
    expect(await listDevMails({ to: ghost })).toEqual([]);
  });
});
