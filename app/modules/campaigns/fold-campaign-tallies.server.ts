// Cron across workspaces: merges the tally rows the ledger's triggers appended (one per statement
// and key) into one folded row per key, so reading a campaign's counts stays a few dozen rows however
// many statements wrote its ledger. Counts read the same before and after: a key's sum is unchanged.
// A batch is removed and added back in one statement; rows appended meanwhile wait for the next batch.
import { withSystem } from "../../../db/transactions";

const batchSize = 20_000;

export async function foldCampaignTallies(): Promise<number> {
  let folded = 0;
  for (;;) {
    const removed = await withSystem(async (tx) => {
      const [row] = await tx<{ removed: number }[]>`
        with gone as (
          delete from campaign_message_tallies where ctid in (select ctid from campaign_message_tallies where not folded limit ${batchSize})
          returning workspace_id, campaign_id, status, bucket, error_code, error_title, delta),
        merged as (
          insert into campaign_message_tallies as t (workspace_id, campaign_id, status, bucket, error_code, error_title, delta, folded)
          select workspace_id, campaign_id, status, bucket, error_code, error_title, sum(delta), true from gone
           group by workspace_id, campaign_id, status, bucket, error_code, error_title
          on conflict (workspace_id, campaign_id, status, bucket, error_code, error_title) where folded
          do update set delta = t.delta + excluded.delta)
        select count(*)::int as removed from gone`;
      return row?.removed ?? 0;
    });
    folded += removed;
    if (removed < batchSize) return folded;
  }
}
