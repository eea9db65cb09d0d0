// A number's sending rate, which the campaign limiter keeps to: Meta's default is 80 messages a
// second, and Meta raises it up to 1,000 for numbers that qualify. Owners and admins set it here to
// the rate Meta granted.
import { z } from "zod";
import { fieldErrors, type FieldErrors } from "~/lib/forms";
import { inWorkspace, type WorkspaceAccess } from "../workspaces/memberships.server";

export const SendingRateForm = z.object({
  phoneNumberId: z.string().regex(/^[0-9]{1,30}$/),
  throughputPerSecond: z.coerce
    .number({ invalid_type_error: "Enter messages per second" })
    .int("Enter a whole number of messages per second")
    .min(1, "At least 1 message per second")
    .max(1000, "Meta allows at most 1,000 messages per second"),
});

export async function setSendingRate(access: WorkspaceAccess, input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = SendingRateForm.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const updated = await inWorkspace(access, (tx) => tx`
    update whatsapp_phone_numbers set throughput_per_second = ${parsed.data.throughputPerSecond} where phone_number_id = ${parsed.data.phoneNumberId}`);
  return updated.count === 1 ? { ok: true } : { ok: false, errors: { form: "This number is not connected to the workspace" } };
}
