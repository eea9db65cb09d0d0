// The health probe: the database answers a trivial query within two seconds.
import { appSql } from "../../../db/pools";

export async function checkHealth(): Promise<{ ok: boolean; database: "up" | "down" }> {
  try {
    await Promise.race([
      appSql()`select 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref()),
    ]);
    return { ok: true, database: "up" };
  } catch {
    return { ok: false, database: "down" };
  }
}
