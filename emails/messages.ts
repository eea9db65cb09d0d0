// Every email the product sends: its name, the data it needs (parsed with zod when the job runs)
// and its template. The send-email job renders from here, so a message is never built in a request.
import { z } from "zod";
import { deletionStatus } from "./deletion-status";
import { deletionVerify } from "./deletion-verify";
import { invitation } from "./invitation";
import { receipt } from "./receipt";
import { resetPassword } from "./reset-password";
import { verifyEmail } from "./verify-email";

export const EmailMessage = z.discriminatedUnion("template", [
  z.object({ template: z.literal("verify-email"), to: z.string().email(), data: z.object({ name: z.string(), url: z.string().url() }) }),
  z.object({ template: z.literal("reset-password"), to: z.string().email(), data: z.object({ name: z.string(), url: z.string().url() }) }),
  z.object({
    template: z.literal("invitation"),
    to: z.string().email(),
    data: z.object({ inviterName: z.string(), workspaceName: z.string(), role: z.string(), url: z.string().url() }),
  }),
  z.object({ template: z.literal("deletion-verify"), to: z.string().email(), data: z.object({ url: z.string().url() }) }),
  z.object({
    template: z.literal("deletion-status"),
    to: z.string().email(),
    data: z.object({ code: z.string(), statusLabel: z.string(), note: z.string().nullable(), url: z.string().url() }),
  }),
  z.object({
    template: z.literal("receipt"),
    to: z.string().email(),
    data: z.object({
      workspaceName: z.string(),
      amount: z.string(),
      planName: z.string(),
      period: z.string().nullable(),
      invoiceNumber: z.string(),
      invoiceUrl: z.string().url(),
      receiptUrl: z.string().url(),
    }),
  }),
]);

export type EmailMessage = z.infer<typeof EmailMessage>;

export function render(message: EmailMessage) {
  switch (message.template) {
    case "verify-email":
      return verifyEmail(message.data);
    case "reset-password":
      return resetPassword(message.data);
    case "invitation":
      return invitation(message.data);
    case "deletion-verify":
      return deletionVerify(message.data);
    case "deletion-status":
      return deletionStatus(message.data);
    case "receipt":
      return receipt(message.data);
  }
}
