// What the WhatsApp connection form accepts: Meta's numeric ids, a token and app secret (optional
// when already stored, since they are never shown back), a generated verify token and an API version.
import { z } from "zod";

const NumericId = (label: string) => z.string().trim().regex(/^[0-9]{5,30}$/, `${label} is the long number Meta shows, digits only`);

export const PhoneNumberIds = z
  .string()
  .transform((text) => [...new Set(text.split(/[\s,;]+/).filter(Boolean))])
  .pipe(z.array(NumericId("Each phone number id")).min(1, "Enter at least one phone number id").max(20, "Enter at most 20 phone number ids"));

export const WhatsAppConnectionForm = z.object({
  wabaId: NumericId("The WhatsApp Business Account id"),
  phoneNumberIds: PhoneNumberIds,
  accessToken: z.string().trim().max(2_000, "That access token is too long").optional().transform((value) => value || undefined),
  appSecret: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.string().regex(/^[A-Za-z0-9]{16,64}$/, "The app secret is the 32-character code under App settings › Basic").optional()),
  verifyToken: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, "Keep the generated verify token or use 16+ letters and digits"),
  apiVersion: z.string().trim().regex(/^v[0-9]{1,3}\.[0-9]$/, "Use a Graph API version such as v24.0"),
  marketingMessages: z.literal("on").optional().transform(Boolean),
});
export type WhatsAppConnectionForm = z.infer<typeof WhatsAppConnectionForm>;
