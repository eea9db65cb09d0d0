import { renderEmail } from "./layout";

export function verifyEmail({ name, url }: { name: string; url: string }) {
  return renderEmail({
    subject: "Confirm your email for Kiana WhatsApp Panel",
    paragraphs: [`Hello ${name},`, "Please confirm your email address. The link works once and expires in 24 hours."],
    action: { label: "Confirm email", url },
  });
}
