// Runs only the billing scenarios against DATABASE_URL's database (migrated first):
// DATABASE_URL=postgres://... npx tsx scripts/bench/billing.ts
import os from "node:os";
import { migrate } from "../../db/migrate";

await migrate({ log: () => undefined });
const { closePools } = await import("../../db/pools");
const { measureBilling, reportBilling } = await import("./billing-scenarios");
console.log(`bench  load average at start ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`);
try {
  for (const line of reportBilling(await measureBilling())) console.log(`bench  ${line}`);
} finally {
  await closePools();
}
