// Task send-email: renders one email from its template and delivers it. Safe to run twice: the
// worst case is a duplicate email, never a lost one.
import type { Task } from "graphile-worker";
import { EmailMessage, render } from "../emails/messages";
import { deliver } from "../emails/transport.server";

export const sendEmail: Task = async (payload, helpers) => {
  const message = EmailMessage.parse(payload);
  await deliver(message.to, render(message));
  helpers.logger.info(`sent ${message.template} email`);
};
