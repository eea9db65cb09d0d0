// The gate at send time, for campaign launches and every send job: a locked workspace sends
// nothing, and no send may take the workspace past its plan's messages for the month.
import { checkAccess } from "./check-access.server";

export class SendingRefused extends Error {
  constructor(
    message: string,
    readonly upgradeUrl: string,
  ) {
    super(message);
    this.name = "SendingRefused";
  }
}

export interface SendRequest {
  /** Messages the workspace sent since the start of the calendar month (UTC), as the caller counts them. */
  sentThisMonth: number;
  toSend: number;
  now?: Date;
}

/** Throws SendingRefused, whose message is for the user, unless the workspace may send `toSend` messages now. */
export async function requireSendingAllowed(workspaceId: string, { sentThisMonth, toSend, now }: SendRequest): Promise<void> {
  const check = await checkAccess(workspaceId, { need: "send", messages: { sentThisMonth, toSend }, now });
  if (!check.allowed) throw new SendingRefused(check.message ?? "Sending is not allowed", check.upgradeUrl);
}
