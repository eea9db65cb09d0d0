// The team inbox: the conversation list (tabs, search, newest first, unread badges) beside the open
// thread. Everything on it updates live when a message, a status or an assignment changes.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { useLiveInbox } from "~/components/use-live-inbox";
import { formatDate } from "~/lib/dates";
import { formatPhone } from "~/modules/contacts/normalize-phone";
import { inboxTabFrom, inboxTabLabels, inboxTabs } from "~/modules/inbox/inbox-views";
import { listConversations } from "~/modules/inbox/read-inbox.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";
import inboxStyles from "~/styles/inbox.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: inboxStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data && data.unread > 0 ? `(${data.unread}) ` : ""}Inbox · Kiana WhatsApp Panel` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params);
  const url = new URL(request.url);
  const tab = inboxTabFrom(url.searchParams.get("tab"));
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const page = await inWorkspace(access, (tx) => listConversations(tx, access, { tab, q, after: url.searchParams.get("after") }));
  const timezone = access.workspace.timezone;
  return json({
    slug: access.workspace.slug,
    tab,
    q,
    unread: page.unread,
    next: page.next,
    paged: url.searchParams.has("after"),
    conversations: page.conversations.map((conversation) => ({
      ...conversation,
      who: conversation.contactName || (conversation.contactPhone ? formatPhone(conversation.contactPhone) : conversation.contactUsername ? `@${conversation.contactUsername}` : "WhatsApp user"),
      number: conversation.contactPhone ? formatPhone(conversation.contactPhone) : null,
      when: formatDate(conversation.lastMessageAt, "dateTime", timezone),
    })),
  });
}

export default function Inbox() {
  const data = useLoaderData<typeof loader>();
  const { conversationId } = useParams();
  const [searchParams] = useSearchParams();
  useLiveInbox(data.slug);
  const listQuery = new URLSearchParams();
  if (data.tab !== "open") listQuery.set("tab", data.tab);
  if (data.q) listQuery.set("q", data.q);
  const keep = listQuery.toString() ? `?${listQuery.toString()}` : "";
  const tabLink = (tab: string) => {
    const query = new URLSearchParams(data.q ? { q: data.q } : {});
    if (tab !== "open") query.set("tab", tab);
    return `/w/${data.slug}/inbox${query.toString() ? `?${query.toString()}` : ""}`;
  };
  return (
    <div className={`inbox${conversationId ? " inbox-thread-open" : ""}`}>
      <section className="inbox-list" aria-label="Conversations">
        <div className="page-head">
          <h1>
            Inbox {data.unread > 0 ? <span className="badge unread-badge" aria-label={`${data.unread} unread`}>{data.unread}</span> : null}
          </h1>
        </div>
        <nav className="tabs" aria-label="Conversation filters">
          {inboxTabs.map((tab) => (
            <Link key={tab} to={tabLink(tab)} className={tab === data.tab ? "active" : undefined} aria-current={tab === data.tab ? "page" : undefined}>
              {inboxTabLabels[tab]}
            </Link>
          ))}
        </nav>
        <Form method="get" className="inbox-search" role="search">
          {data.tab !== "open" ? <input type="hidden" name="tab" value={data.tab} /> : null}
          <label htmlFor="inbox-search">Search conversations</label>
          <div className="inline-form">
            <input id="inbox-search" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} placeholder="Name, number or words" maxLength={100} />
            <button type="submit" className="button secondary">Search</button>
          </div>
        </Form>
        {data.conversations.length === 0 ? (
          <p className="empty-state">
            {data.q
              ? `No conversation matches “${data.q}”.`
              : data.tab === "resolved"
                ? "No resolved conversations yet."
                : "No conversations here yet. When a customer writes to your WhatsApp number, or answers a campaign, the conversation appears here."}
          </p>
        ) : (
          <ul className="conversation-list">
            {data.conversations.map((conversation) => (
              <li key={conversation.id}>
                <NavLink to={`/w/${data.slug}/inbox/${conversation.id}${keep}`} className={conversation.unreadCount > 0 ? "unread" : undefined}>
                  <span className="conversation-top">
                    <strong>{conversation.who}</strong>
                    <span className="muted conversation-time">{conversation.when}</span>
                  </span>
                  <span className="conversation-preview">
                    {conversation.lastDirection === "outbound" ? "You: " : ""}
                    {conversation.preview ?? ""}
                  </span>
                  <span className="conversation-meta">
                    {conversation.unreadCount > 0 ? <span className="badge unread-badge">{conversation.unreadCount} unread</span> : null}
                    {conversation.optedOut ? <span className="badge quality-red">Opted out</span> : null}
                    {conversation.status === "resolved" ? <span className="badge">Resolved</span> : null}
                    <span className="muted">{conversation.assigneeName ? `Assigned to ${conversation.assigneeName}` : "Unassigned"}</span>
                    {conversation.labels.map((label) => <span key={label} className="badge">{label}</span>)}
                  </span>
                </NavLink>
              </li>
            ))}
          </ul>
        )}
        {data.next || data.paged ? (
          <p className="row-actions">
            {data.paged ? <Link to={tabLink(data.tab)}>Newest conversations</Link> : null}
            {data.next ? <Link to={`${tabLink(data.tab)}${tabLink(data.tab).includes("?") ? "&" : "?"}after=${data.next}`}>Older conversations</Link> : null}
          </p>
        ) : null}
      </section>
      <div className="inbox-thread">
        <Outlet />
      </div>
    </div>
  );
}
