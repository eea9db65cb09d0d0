// The per-number send limiter under concurrent senders: reservations never share a slot, the
// number's rate holds in every one-second window, and a throttle answer pushes sending out.
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import { connectWhatsApp } from "../../app/modules/whatsapp/connect-whatsapp.server";
import { setSendingRate } from "../../app/modules/whatsapp/set-sending-rate.server";
import { backOffSending, reserveSendSlots } from "../../app/modules/campaigns/reserve-send-slots.server";
import { createAccount, meta } from "../helpers/factories";
import { connectionForm, provisionMetaAccount } from "../helpers/meta-emulator";

async function connectedNumber(throughputPerSecond: number) {
  const user = await createAccount();
  const account = await provisionMetaAccount();
  expect(await connectWhatsApp(user.access, connectionForm(account), meta)).toMatchObject({ ok: true });
  const workspaceId = user.access.workspace.id;
  const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
  expect(await setSendingRate(user.access, { phoneNumberId, throughputPerSecond: String(throughputPerSecond) })).toEqual({ ok: true });
  return { workspaceId, phoneNumberId };
}

describe("reserveSendSlots", () => {
  it("takes the rate an admin set, between 1 and Meta's maximum of 1,000 a second", async () => {
    const user = await createAccount();
    const account = await provisionMetaAccount();
    expect(await connectWhatsApp(user.access, connectionForm(account), meta)).toMatchObject({ ok: true });
    const phoneNumberId = account.phoneNumbers[0]?.id ?? "";
    expect(await setSendingRate(user.access, { phoneNumberId, throughputPerSecond: "1001" })).toEqual({ ok: false, errors: { throughputPerSecond: "Meta allows at most 1,000 messages per second" } });
    expect(await setSendingRate(user.access, { phoneNumberId: "999999", throughputPerSecond: "100" })).toMatchObject({ ok: false });
  });

  it("hands concurrent senders disjoint slots that keep to the number's rate", async () => {
    const { workspaceId, phoneNumberId } = await connectedNumber(200);
    const reserve = () => withWorkspace(workspaceId, null, (tx) => reserveSendSlots(tx, { workspaceId, phoneNumberId, wanted: 25 }));
    const reservations = await Promise.all(Array.from({ length: 24 }, reserve));
    const slots = reservations.flatMap((r) => Array.from({ length: r.count }, (_, i) => r.startsAt.getTime() + i * r.intervalMs)).sort((a, b) => a - b);
    expect(slots).toHaveLength(600);
    // Slot times come back as Dates, to the millisecond; the pacer itself keeps microseconds.
    const interval = reservations[0]?.intervalMs ?? 0;
    for (let i = 1; i < slots.length; i++) expect((slots[i] ?? 0) - (slots[i - 1] ?? 0)).toBeGreaterThanOrEqual(interval - 1);
    for (let i = 0; i + 200 < slots.length; i++) expect((slots[i + 200] ?? 0) - (slots[i] ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("never reserves more than two seconds ahead in one go", async () => {
    const { workspaceId, phoneNumberId } = await connectedNumber(80);
    const reservation = await withWorkspace(workspaceId, null, (tx) => reserveSendSlots(tx, { workspaceId, phoneNumberId, wanted: 1000 }));
    // 80 a second, paced at 97% of it: a slot every 12.9 ms, 155 of them within two seconds.
    expect(reservation.count).toBe(155);
    expect(reservation.intervalMs).toBeCloseTo(1000 / 77.6, 6);
  });

  it("opens no slot during a backoff", async () => {
    const { workspaceId, phoneNumberId } = await connectedNumber(80);
    const before = Date.now();
    await withWorkspace(workspaceId, null, (tx) => backOffSending(tx, { workspaceId, phoneNumberId, ms: 5_000 }));
    const reservation = await withWorkspace(workspaceId, null, (tx) => reserveSendSlots(tx, { workspaceId, phoneNumberId, wanted: 1 }));
    expect(reservation.startsAt.getTime()).toBeGreaterThanOrEqual(before + 4_900);
  });
});
