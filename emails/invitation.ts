import { renderEmail } from "./layout";

export function invitation({ inviterName, workspaceName, role, url }: {
  inviterName: string;
  workspaceName: string;
  role: string;
  url: string;
}) {
  return renderEmail({
    subject: `${inviterName} invited you to ${workspaceName} on Kiana WhatsApp Panel`,
    paragraphs: [
      `${inviterName} invited you to join the workspace "${workspaceName}" as ${role}.`,
      "The invitation expires in 7 days.",
    ],
    action: { label: "Accept the invitation", url },
  });
}
