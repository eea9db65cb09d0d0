// The dev mailbox: emails delivered while no SMTP server is configured, read at /dev/mailbox.
import { appSql } from "../../../db/pools";

export interface DevMail {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  createdAt: Date;
}

export function listDevMails({ to, limit = 50 }: { to?: string; limit?: number } = {}) {
  const address = to?.toLowerCase() ?? null;
  return appSql()<DevMail[]>`select id, to_address, subject, text_body, html_body, created_at from dev_mails
    where ${address}::text is null or to_address = ${address} order by created_at desc limit ${limit}`;
}
