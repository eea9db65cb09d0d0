import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listDevMails } from "~/modules/ops/dev-mailbox.server";
import { isProduction } from "~/lib/env.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Dev mailbox · Kiana WhatsApp Panel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (isProduction) throw new Response("Not found", { status: 404 });
  const to = new URL(request.url).searchParams.get("to") ?? undefined;
  const mails = await listDevMails({ to });
  return json({ mails, to: to ?? "" });
}

/** Turns the links in a plain-text email into anchors, as a mail client would. */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, index) =>
    index % 2 === 1 ? <a key={index} href={part}>{part}</a> : part,
  );
}

export default function DevMailbox() {
  const { mails, to } = useLoaderData<typeof loader>();
  return (
    <main className="main" style={{ maxWidth: "50rem", margin: "auto" }}>
      <h1>Dev mailbox</h1>
      <p className="muted">Emails the app sent while no SMTP server is configured (development only).</p>
      <form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="to">Recipient</label>
          <input id="to" name="to" type="email" defaultValue={to} />
        </div>
        <div className="field"><button type="submit" className="button secondary">Filter</button></div>
      </form>
      {mails.length === 0 ? <p className="empty">No emails yet.</p> : null}
      {mails.map((mail) => (
        <article className="mail" key={mail.id} aria-label={`Email to ${mail.toAddress}: ${mail.subject}`}>
          <p className="muted">To {mail.toAddress} · {`${formatDate(mail.createdAt, "dateTime")} UTC`}</p>
          <h2>{mail.subject}</h2>
          <pre>{linkify(mail.textBody)}</pre>
        </article>
      ))}
    </main>
  );
}
