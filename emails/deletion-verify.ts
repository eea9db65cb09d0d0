import { renderEmail } from "./layout";

export function deletionVerify({ url }: { url: string }) {
  return renderEmail({
    subject: "Confirm your data deletion request",
    paragraphs: [
      "We received a request to delete the data of a Kiana WhatsApp Panel workspace, naming this email address.",
      "Nothing happens until you confirm. The link works once and expires in 24 hours.",
      "If you did not ask for this, ignore this email.",
    ],
    action: { label: "Confirm the deletion request", url },
  });
}
