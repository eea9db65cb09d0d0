// One conversation: the thread (the customer's messages, replies and campaign messages with their
// delivery ticks, and the team's internal notes), the composer (free text or an attachment inside the
// 24-hour window, an approved template at any time), and assignment, status and labels.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FormError, SafeForm, SubmitButton } from "~/components/forms";
import { TemplatePreview } from "~/components/template-preview";
import { readSmallUploadForm } from "~/lib/small-upload.server";
import { formatDate } from "~/lib/dates";
import { formatPhone } from "~/modules/contacts/normalize-phone";
import { acceptedAttachmentTypes, checkAttachment, maxAttachmentBytes } from "~/modules/inbox/attachment-rules";
import {
  addNote,
  assignConversation,
  changeLabel,
  markConversationRead,
  maxReplyLength,
  queueReply,
  setConversationStatus,
  type ActionResult,
  type ReplyInput,
} from "~/modules/inbox/conversation-actions.server";
import { statusTicks } from "~/modules/inbox/inbox-views";
import { isSupportedType, messageTypeLabel } from "~/modules/inbox/message-kinds";
import { findVisibleConversation, readThread, readThreadContext, type ThreadItem } from "~/modules/inbox/read-inbox.server";
import { describeTimeLeft, serviceWindow } from "~/modules/inbox/service-window";
import { fillTemplate, parseComponents, previewValues, templateVariables } from "~/modules/whatsapp/template-variables";
import { inWorkspace, requireWorkspace, roleRank } from "~/modules/workspaces/memberships.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params);
  const before = new URL(request.url).searchParams.get("before");
  const loaded = await inWorkspace(access, async (tx) => {
    const conversation = await findVisibleConversation(tx, access, params.conversationId ?? "");
    if (!conversation) return null;
    const [thread, context] = [await readThread(tx, conversation, before), await readThreadContext(tx, conversation)];
    return { conversation, thread, context };
  });
  if (!loaded) throw new Response("Not found", { status: 404 });
  await markConversationRead(access, loaded.conversation.id);
  const { conversation, thread, context } = loaded;
  const timezone = access.workspace.timezone;
  const window = serviceWindow(conversation.lastInboundAt, new Date());
  const contact = context.contact;
  return json({
    slug: access.workspace.slug,
    me: access.user.id,
    isAdmin: roleRank[access.role] >= roleRank.admin,
    conversation: { id: conversation.id, status: conversation.status, assignedTo: conversation.assignedTo, labels: conversation.labels },
    contact: {
      name: contact.name || (contact.phone ? formatPhone(contact.phone) : contact.username ? `@${contact.username}` : "WhatsApp user"),
      phone: contact.phone ? formatPhone(contact.phone) : null,
      username: contact.username,
      optedOut: contact.optedOutAt ? `Opted out ${formatDate(contact.optedOutAt, "dateTime", timezone)} (${contact.optOutSource ?? "unknown source"}).` : null,
    },
    numberLabel: context.numberLabel,
    window: window.state === "closed" ? { state: "closed" as const, closesAt: null } : { state: window.state, closesAt: window.closesAt.toISOString() },
    assignees: context.assignees,
    templates: context.templates,
    older: thread.older,
    items: thread.items.map((item) => ({ ...item, when: formatDate(item.at, "dateTime", timezone) })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params);
  const conversationId = params.conversationId ?? "";
  const { form, files } = await readSmallUploadForm(request, context, maxAttachmentBytes);
  const upload = files.get("file");
  const file: ReplyInput | null = upload && upload.size > 0 ? { kind: "attachment", caption: String(form.get("caption") ?? ""), file: upload } : null;
  const intent = String(form.get("intent") ?? "");
  let result: ActionResult;
  if (intent === "reply") result = await queueReply(access, conversationId, { kind: "text", text: String(form.get("text") ?? "") });
  else if (intent === "attach") result = file ? await queueReply(access, conversationId, file) : { ok: false, field: "file", error: "Choose a file to send." };
  else if (intent === "template") {
    const values = Object.fromEntries([...form.entries()].flatMap(([key, value]) => (key.startsWith("value:") && typeof value === "string" ? [[key.slice(6), value.trim()]] : [])));
    result = await queueReply(access, conversationId, { kind: "template", templateId: String(form.get("templateId") ?? ""), values });
  } else if (intent === "assign") {
    const assignee = String(form.get("assignee") ?? "");
    result = await assignConversation(access, conversationId, assignee === "me" ? access.user.id : assignee || null);
  } else if (intent === "resolve" || intent === "reopen") result = await setConversationStatus(access, conversationId, intent === "resolve" ? "resolved" : "open");
  else if (intent === "note") result = await addNote(access, conversationId, String(form.get("note") ?? ""));
  else if (intent === "label-add" || intent === "label-remove") result = await changeLabel(access, conversationId, intent === "label-add" ? "add" : "remove", String(form.get("label") ?? ""));
  else throw new Response("Unknown action", { status: 400 });
  return json({ intent, ...result, at: Date.now() }, { status: result.ok ? 200 : 400 });
}

type LoaderItem = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function MediaView({ item, slug }: { item: LoaderItem; slug: string }) {
  const media = item.media as ThreadItem["media"];
  if (!media) return null;
  if (media.unavailableReason) return <p className="muted">{messageTypeLabel(item.type)}: {media.unavailableReason}</p>;
  if (!media.ready) return <p className="muted">{messageTypeLabel(item.type)}: downloading from WhatsApp…</p>;
  const href = `/w/${slug}/inbox/media/${media.id}`;
  if (media.mimeType.startsWith("image/")) return <a href={href} target="_blank" rel="noreferrer"><img src={href} alt={item.body ?? "Photo"} className="thread-image" /></a>;
  return <a href={href} download>{media.filename ?? messageTypeLabel(item.type)} ({Math.ceil((media.byteSize ?? 0) / 1024)} KB)</a>;
}

function MessageContent({ item, slug }: { item: LoaderItem; slug: string }) {
  const payload = item.payload as Record<string, { latitude?: number; longitude?: number; name?: string; address?: string; emoji?: string }>;
  if (item.kind === "campaign") return <p>Campaign “{item.campaignName}” · template <code>{item.body}</code></p>;
  if (item.type === "location" && payload.location) {
    const { latitude, longitude, name, address } = payload.location;
    return <p>📍 {[name, address].filter(Boolean).join(", ") || "Location"} ({latitude}, {longitude})</p>;
  }
  if (item.type === "reaction") return <p>Reacted {payload.reaction?.emoji ?? ""}</p>;
  if (!isSupportedType(item.type)) return <p className="muted">This kind of message ({item.type}) cannot be shown here; it is in WhatsApp on the customer's phone.</p>;
  return (
    <>
      <MediaView item={item} slug={slug} />
      {item.type === "button" || item.type === "interactive" ? <p className="muted">Button reply</p> : null}
      {item.type === "contacts" ? <p className="muted">Contact card</p> : null}
      {item.body && !(item.media && (item.media as ThreadItem["media"])?.filename === item.body) ? <p className="message-text">{item.body}</p> : null}
    </>
  );
}

function ThreadEntry({ item, slug }: { item: LoaderItem; slug: string }) {
  if (item.kind === "note") {
    return (
      <li className="thread-note">
        <p className="muted">Internal note by {item.author ?? "a former member"} · {item.when}</p>
        <p className="message-text">{item.body}</p>
      </li>
    );
  }
  const tick = item.status ? statusTicks[item.status] : null;
  return (
    <li className={`thread-message ${item.direction === "inbound" ? "inbound" : "outbound"}`}>
      <MessageContent item={item} slug={slug} />
      <p className="message-meta">
        <span>{item.when}</span>
        {item.direction === "outbound" && item.author ? <span> · {item.author}</span> : null}
        {tick ? (
          <span className={`ticks ticks-${item.status}`}>
            {" "}<span aria-hidden="true">{tick.ticks}</span> {tick.label}
          </span>
        ) : null}
      </p>
      {item.status === "failed" && item.errorTitle ? <p className="field-error">{item.errorTitle}{item.errorCode ? ` (${item.errorCode})` : ""}</p> : null}
    </li>
  );
}

function useTimeLeft(closesAt: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!closesAt) return;
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, [closesAt]);
  return closesAt ? new Date(closesAt).getTime() - now : null;
}

interface TemplateChoice {
  id: string;
  name: string;
  language: string;
  category: string;
  components?: unknown;
}

function TemplateComposer({ templates, error, field }: { templates: TemplateChoice[]; error?: string; field?: string }) {
  const [templateId, setTemplateId] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const template = templates.find((candidate) => candidate.id === templateId);
  const components = template ? parseComponents(template.components) : [];
  const variables = templateVariables(components);
  if (templates.length === 0) return <p className="empty-state">No approved templates yet. Create one under Templates and wait for Meta to approve it.</p>;
  return (
    <SafeForm className="composer" noValidate>
      <input type="hidden" name="intent" value="template" />
      <div className="field">
        <label htmlFor="reply-template">Template</label>
        <select id="reply-template" name="templateId" value={templateId} onChange={(event) => setTemplateId(event.target.value)} aria-invalid={field === "templateId" ? true : undefined}>
          <option value="">Choose an approved template</option>
          {templates.map((candidate) => <option key={candidate.id} value={candidate.id}>{candidate.name} ({candidate.language}, {candidate.category.toLowerCase()})</option>)}
        </select>
      </div>
      {variables.map((variable) => (
        <div className="field" key={variable.key}>
          <label htmlFor={`value-${variable.key}`}>{variable.label}</label>
          <input
            id={`value-${variable.key}`}
            name={`value:${variable.key}`}
            value={values[variable.key] ?? ""}
            placeholder={variable.example ?? ""}
            onChange={(event) => setValues({ ...values, [variable.key]: event.target.value })}
            aria-invalid={field === `value:${variable.key}` ? true : undefined}
          />
        </div>
      ))}
      {template ? <TemplatePreview template={fillTemplate(components, previewValues(components, (key) => values[key]))} label="Template preview" /> : null}
      {error && (field === "templateId" || field?.startsWith("value:")) ? <p className="field-error" role="alert">{error}</p> : null}
      <SubmitButton>Send template</SubmitButton>
    </SafeForm>
  );
}

/**
 * When each form last went through: a sent reply, attachment or note clears its own form (a new one),
 * a refused one keeps what was typed, and typing in one form survives whatever else happens on the
 * page (an assignment, a label, or a live update's reload, which forgets the last action's answer).
 */
function useSentForms(result: ReturnType<typeof useActionData<typeof action>>): Record<string, number> {
  const [sent, setSent] = useState<Record<string, number>>({});
  // Updated while rendering (React's pattern for state derived from a changed prop), so the cleared form shows at once.
  if (result?.ok && sent[result.intent] !== result.at) {
    const next = { ...sent, [result.intent]: result.at };
    setSent(next);
    return next;
  }
  return sent;
}

export default function ConversationThread() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [fileError, setFileError] = useState<string | null>(null);
  const timeLeft = useTimeLeft(data.window.closesAt);
  const windowOpen = timeLeft !== null && timeLeft > 0 && !(result && !result.ok && "windowClosed" in result && result.windowClosed);
  const error = result && !result.ok ? result : null;
  const errorFor = (intent: string) => (error && error.intent === intent ? error.error : undefined);
  const sent = useSentForms(result);
  const bottom = useRef<HTMLLIElement>(null);
  const newest = data.items[data.items.length - 1]?.id;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [newest]);
  const submitting = navigation.state === "submitting";

  return (
    <section className="thread" aria-label={`Conversation with ${data.contact.name}`}>
      <header className="thread-head">
        <p className="thread-back"><Link to={`/w/${data.slug}/inbox`}>← All conversations</Link></p>
        <h2>{data.contact.name}</h2>
        <p className="muted">
          {[data.contact.phone, data.contact.username ? `@${data.contact.username}` : null].filter(Boolean).join(" · ")} · to {data.numberLabel}
        </p>
        {data.contact.optedOut ? <p className="form-error" role="note">{data.contact.optedOut} Do not send marketing messages.</p> : null}
        <div className="thread-actions">
          <SafeForm className="inline-form">
            <input type="hidden" name="intent" value="assign" />
            {data.isAdmin ? (
              <>
                <div className="field">
                  <label htmlFor="assignee">Assigned to</label>
                  <select id="assignee" name="assignee" defaultValue={data.conversation.assignedTo ?? ""} key={data.conversation.assignedTo ?? "none"}>
                    <option value="">Unassigned</option>
                    {data.assignees.map((member) => <option key={member.id} value={member.id}>{member.name} ({member.role})</option>)}
                  </select>
                </div>
                <SubmitButton className="button secondary">Assign</SubmitButton>
              </>
            ) : data.conversation.assignedTo === data.me ? (
              <>
                <input type="hidden" name="assignee" value="" />
                <SubmitButton className="button secondary">Unassign me</SubmitButton>
              </>
            ) : (
              <>
                <input type="hidden" name="assignee" value="me" />
                <SubmitButton className="button secondary">Assign to me</SubmitButton>
              </>
            )}
          </SafeForm>
          <SafeForm>
            <input type="hidden" name="intent" value={data.conversation.status === "open" ? "resolve" : "reopen"} />
            <SubmitButton className="button secondary">{data.conversation.status === "open" ? "Resolve" : "Reopen"}</SubmitButton>
          </SafeForm>
        </div>
        {errorFor("assign") ? <p className="field-error" role="alert">{errorFor("assign")}</p> : null}
        <div className="labels">
          {data.conversation.labels.map((label) => (
            <SafeForm key={label} className="label-chip">
              <input type="hidden" name="intent" value="label-remove" />
              <input type="hidden" name="label" value={label} />
              <span className="badge">{label}</span>
              <button type="submit" className="link-button" aria-label={`Remove label ${label}`}>×</button>
            </SafeForm>
          ))}
          <SafeForm className="inline-form label-form">
            <input type="hidden" name="intent" value="label-add" />
            <label htmlFor="new-label" className="visually-hidden">New label</label>
            <input id="new-label" name="label" placeholder="Add a label" maxLength={30} aria-invalid={errorFor("label-add") ? true : undefined} />
            <SubmitButton className="button secondary">Add label</SubmitButton>
          </SafeForm>
          {errorFor("label-add") ? <p className="field-error" role="alert">{errorFor("label-add")}</p> : null}
        </div>
      </header>

      {data.older ? <p><Link to={`?before=${data.older}`}>Older messages</Link></p> : null}
      <ol className="thread-items" aria-label="Messages">
        {data.items.length === 0 ? <li className="empty-state">No messages in this conversation yet.</li> : null}
        {data.items.map((item) => <ThreadEntry key={`${item.kind}:${item.id}`} item={item} slug={data.slug} />)}
        <li ref={bottom} aria-hidden="true" className="thread-end" />
      </ol>

      <div className="composer-area">
        {windowOpen ? (
          <>
            <p className={`window-state ${timeLeft !== null && timeLeft < 3_600_000 ? "closing" : ""}`} role="status">
              Customer-service window: {describeTimeLeft(timeLeft ?? 0)}. Free-form replies are allowed until it closes.
            </p>
            <SafeForm key={`reply-${sent.reply ?? 0}`} className="composer" noValidate>
              <input type="hidden" name="intent" value="reply" />
              <div className="field">
                <label htmlFor="reply-text">Reply</label>
                <textarea id="reply-text" name="text" rows={3} maxLength={maxReplyLength} aria-invalid={errorFor("reply") ? true : undefined} aria-describedby={errorFor("reply") ? "reply-error" : undefined} />
                {errorFor("reply") ? <p className="field-error" id="reply-error" role="alert">{errorFor("reply")}</p> : null}
              </div>
              <SubmitButton disabled={submitting}>Send</SubmitButton>
            </SafeForm>
            <details className="attach">
              <summary>Send a photo or document</summary>
              <SafeForm key={`attach-${sent.attach ?? 0}`} encType="multipart/form-data" className="composer" noValidate onSubmit={(event) => { if (fileError) event.preventDefault(); }}>
                <input type="hidden" name="intent" value="attach" />
                <div className="field">
                  <label htmlFor="reply-file">Attachment</label>
                  <input
                    id="reply-file"
                    type="file"
                    name="file"
                    accept={acceptedAttachmentTypes}
                    aria-invalid={fileError || errorFor("attach") ? true : undefined}
                    onChange={(event) => {
                      const chosen = event.target.files?.[0];
                      setFileError(chosen ? checkAttachment({ type: chosen.type, size: chosen.size }) : null);
                    }}
                  />
                  <p className="hint">JPEG or PNG up to 5 MB; PDF, Word, Excel, PowerPoint or text up to 16 MB.</p>
                  {fileError || errorFor("attach") ? <p className="field-error" role="alert">{fileError ?? errorFor("attach")}</p> : null}
                </div>
                <div className="field">
                  <label htmlFor="reply-caption">Caption (optional)</label>
                  <input id="reply-caption" name="caption" maxLength={1024} />
                </div>
                <SubmitButton disabled={submitting || Boolean(fileError)}>Send attachment</SubmitButton>
              </SafeForm>
            </details>
          </>
        ) : (
          <>
            <div className="form-error" role="alert">
              {errorFor("reply") ?? errorFor("attach") ?? "The 24-hour window is closed: the customer has not written in the last 24 hours, so WhatsApp allows only approved templates."}
            </div>
            <h3>Send a template</h3>
            <TemplateComposer templates={data.templates} error={errorFor("template")} field={error?.intent === "template" ? error.field : undefined} />
          </>
        )}
        {windowOpen ? (
          <details className="attach">
            <summary>Send a template</summary>
            <TemplateComposer templates={data.templates} error={errorFor("template")} field={error?.intent === "template" ? error.field : undefined} />
          </details>
        ) : null}
        <SafeForm key={`note-${sent.note ?? 0}`} className="composer note-form" noValidate>
          <input type="hidden" name="intent" value="note" />
          <div className="field">
            <label htmlFor="note-text">Internal note</label>
            <textarea id="note-text" name="note" rows={2} maxLength={4000} aria-invalid={errorFor("note") ? true : undefined} />
            <p className="hint">Only your team sees notes.</p>
            {errorFor("note") ? <p className="field-error" role="alert">{errorFor("note")}</p> : null}
          </div>
          <SubmitButton className="button secondary">Add note</SubmitButton>
        </SafeForm>
        <FormError error={error && !["reply", "attach", "template", "note", "assign", "label-add"].includes(error.intent) ? error.error : undefined} />
      </div>
    </section>
  );
}
