// Keeps a workspace's own free trial running for at least `days` more days; the demo workspace of
// npm run dev uses it so it never locks however long ago it was seeded.
import { withWorkspace } from "../../../db/transactions";

export async function extendTrial(workspaceId: string, days: number): Promise<Date> {
  const [row] = await withWorkspace(workspaceId, null, (tx) => tx<{ trialEndsAt: Date }[]>`
    update workspaces set trial_ends_at = greatest(trial_ends_at, now() + make_interval(days => ${days}))
     where id = ${workspaceId} returning trial_ends_at`);
  if (!row) throw new Error(`workspace ${workspaceId} not found`);
  return row.trialEndsAt;
}
