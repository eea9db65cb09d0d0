// The per-number send limiter shared by all workers (table send_pacers): a sender reserves a run of
// slots before calling Meta and sends them no faster than the slots allow; a throttle answer from
// Meta pushes the pacer out. Slots are reserved in a short transaction, never around an HTTP call.
import type { Tx } from "../../../db/pools";

export interface SlotReservation {
  /** Slots granted (fewer than asked when that would reserve too far ahead). */
  count: number;
  /** When the first slot opens; slot i opens at startsAt + i × intervalMs. */
  startsAt: Date;
  intervalMs: number;
}

/** How far ahead a sender may reserve: longer would hold slots a crashed worker never uses. */
export const maxReserveAheadMs = 2_000;

/**
 * Slots are spaced for 97% of the number's rate, and a message whose slot passed by more than
 * `lateSlotToleranceMs` (its sender stalled) waits for a new slot rather than leaving in a burst. So
 * the messages that leave in any one second had slots within 1.015 s, and a stretch that long holds
 * at most 1.015 × 0.97 × rate slots plus one at its edge (79.8 at 80 a second, 985.6 at 1,000): under
 * the rate however many senders share it, with room for the moments between the check and the request.
 */
const pacingShare = 0.97;
export const lateSlotToleranceMs = 15;

export async function reserveSendSlots(tx: Tx, { workspaceId, phoneNumberId, wanted }: { workspaceId: string; phoneNumberId: string; wanted: number }): Promise<SlotReservation> {
  const [number] = await tx<{ throughputPerSecond: number }[]>`
    select throughput_per_second from whatsapp_phone_numbers where workspace_id = ${workspaceId} and phone_number_id = ${phoneNumberId}`;
  if (!number) throw new Error(`phone number ${phoneNumberId} is not connected to workspace ${workspaceId}`);
  const intervalMs = 1000 / (number.throughputPerSecond * pacingShare);
  const count = Math.max(1, Math.min(wanted, Math.floor(maxReserveAheadMs / intervalMs)));
  await tx`insert into send_pacers (workspace_id, phone_number_id) values (${workspaceId}, ${phoneNumberId}) on conflict do nothing`;
  // A slot in the past is worthless (that second is gone), so a reservation starts no earlier than now.
  const [pacer] = await tx<{ startsAt: Date }[]>`
    update send_pacers set next_slot_at = greatest(next_slot_at, clock_timestamp()) + make_interval(secs => ${(count * intervalMs) / 1000})
     where workspace_id = ${workspaceId} and phone_number_id = ${phoneNumberId}
    returning next_slot_at - make_interval(secs => ${(count * intervalMs) / 1000}) as starts_at`;
  if (!pacer) throw new Error(`no pacer for phone number ${phoneNumberId}`);
  return { count, startsAt: pacer.startsAt, intervalMs };
}

/** Meta answered 130429 (the number's rate was exceeded): no slot opens for `ms` from now. */
export async function backOffSending(tx: Tx, { workspaceId, phoneNumberId, ms }: { workspaceId: string; phoneNumberId: string; ms: number }): Promise<void> {
  await tx`
    insert into send_pacers as pacer (workspace_id, phone_number_id, next_slot_at)
    values (${workspaceId}, ${phoneNumberId}, clock_timestamp() + make_interval(secs => ${ms / 1000}))
    on conflict (workspace_id, phone_number_id) do update set next_slot_at = greatest(pacer.next_slot_at, excluded.next_slot_at)`;
}
