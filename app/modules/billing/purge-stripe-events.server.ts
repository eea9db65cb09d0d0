// Removes Stripe events applied long ago: the mirror holds what they changed, and their payloads
// name customers. Events never applied are kept whatever their age, so none is lost unseen.
// Platform records, so the system role (db/system-modules.ts).
import { withSystem } from "../../../db/transactions";

export const stripeEventRetentionDays = 90;

export async function purgeStripeEvents(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - stripeEventRetentionDays * 86_400_000);
  const removed = await withSystem((tx) => tx`delete from stripe_events where processed_at < ${cutoff}`);
  return removed.count;
}
