import { renderEmail } from "./layout";

export function resetPassword({ name, url }: { name: string; url: string }) {
  return renderEmail({
    subject: "Reset your Kiana WhatsApp Panel password",
    paragraphs: [
      `Hello ${name},`,
      "Someone asked to reset the password of your account. The link works once and expires in 1 hour.",
      "If it was not you, ignore this email: your password stays as it is.",
    ],
    action: { label: "Choose a new password", url },
  });
}
