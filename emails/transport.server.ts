// Delivers a rendered email: through SMTP when SMTP_URL is set, otherwise into the dev mailbox
// table, readable at /dev/mailbox (and by the end-to-end tests).
import nodemailer, { type Transporter } from "nodemailer";
import { appSql } from "../db/pools";
import { env } from "../app/lib/env.server";
import type { RenderedEmail } from "./layout";

let transporter: Transporter | undefined;

export async function deliver(to: string, email: RenderedEmail): Promise<void> {
  if (env.SMTP_URL) {
    transporter ??= nodemailer.createTransport(env.SMTP_URL);
    await transporter.sendMail({ from: env.MAIL_FROM, to, subject: email.subject, text: email.text, html: email.html });
    return;
  }
  await appSql()`insert into dev_mails (to_address, subject, text_body, html_body)
    values (${to.toLowerCase()}, ${email.subject}, ${email.text}, ${email.html})`;
}
