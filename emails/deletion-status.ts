import { renderEmail } from "./layout";

export function deletionStatus({ code, statusLabel, note, url }: { code: string; statusLabel: string; note: string | null; url: string }) {
  return renderEmail({
    subject: `Data deletion request ${code}: ${statusLabel}`,
    paragraphs: [
      `Your data deletion request ${code} has a new status: ${statusLabel}.`,
      ...(note ? [`Note: ${note}`] : []),
      "You can follow it at any time on its status page.",
    ],
    action: { label: "See the request status", url },
  });
}
