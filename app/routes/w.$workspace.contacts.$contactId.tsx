import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ContactFields } from "~/components/contact-fields";
import { FormError, SafeForm, SelectField, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { formatDate } from "~/lib/dates";
import { formatAttributes } from "~/modules/contacts/contact-form";
import { formatPhone } from "~/modules/contacts/normalize-phone";
import { deleteContact, readContact, saveContact } from "~/modules/contacts/save-contact.server";
import { startConversation } from "~/modules/inbox/conversation-actions.server";
import { listSendingNumbers } from "~/modules/whatsapp/read-connection.server";
import { inWorkspace, requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Contact · Kiana WhatsApp Panel" }];

function contactId(params: { contactId?: string }): string {
  const id = z.string().uuid().safeParse(params.contactId);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const [contact, numbers] = await inWorkspace(access, async (tx) => [await readContact(tx, contactId(params)), await listSendingNumbers(tx)] as const);
  if (!contact) throw new Response("Not found", { status: 404 });
  const timezone = access.workspace.timezone;
  return json({
    values: {
      phone: contact.phoneE164 ? formatPhone(contact.phoneE164) : "",
      bsuid: contact.bsuid ?? "",
      username: contact.username ?? "",
      name: contact.name ?? "",
      tags: contact.tags.join(", "),
      attributes: formatAttributes(contact.attributes),
      optedOut: contact.optedOutAt !== null,
    },
    optOutNote: contact.optedOutAt ? `Opted out ${formatDate(contact.optedOutAt, "dateTime", timezone)}, source: ${contact.optOutSource}` : null,
    added: formatDate(contact.createdAt, "dateTime", timezone),
    isAdmin: access.role !== "agent",
    numbers: numbers.map((number) => ({ value: number.phoneNumberId, label: `${number.displayPhoneNumber} (${number.verifiedName})` })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  const id = contactId(params);
  if (form.get("intent") === "message") {
    const started = await startConversation(access, id, String(form.get("phoneNumberId") ?? ""));
    if (!started.ok) return json({ errors: { phoneNumberId: started.error }, notice: null }, { status: 400 });
    return redirect(`/w/${access.workspace.slug}/inbox/${started.conversationId}`);
  }
  if (form.get("intent") === "delete") {
    if (!(await deleteContact(access, id))) throw new Response("Not found", { status: 404 });
    return redirect(`/w/${access.workspace.slug}/contacts`);
  }
  const result = await saveContact(access, id, Object.fromEntries(form));
  if (!result.ok) return json({ errors: result.errors, notice: null }, { status: 400 });
  return json({ errors: {}, notice: "Saved." });
}

export default function EditContact() {
  const { values, optOutNote, added, isAdmin, numbers } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const notice = data?.notice ?? (searchParams.get("saved") ? "Contact added." : null);
  return (
    <section className="narrow">
      <p><Link to=".." relative="path">← Contacts</Link></p>
      <h1>{values.name || values.phone || values.bsuid}</h1>
      <p className="muted">Added {added}</p>
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <ContactFields values={values} errors={errors} optOutNote={optOutNote} />
        <SubmitButton>Save</SubmitButton>
      </SafeForm>
      {numbers.length > 0 ? (
        <SafeForm className="inline-form">
          <input type="hidden" name="intent" value="message" />
          <SelectField label="Message on WhatsApp from" name="phoneNumberId" options={numbers} error={errors.phoneNumberId} />
          <SubmitButton className="button secondary">Open conversation</SubmitButton>
        </SafeForm>
      ) : null}
      {isAdmin ? (
        <SafeForm className="danger-zone" onSubmit={(event) => { if (!confirm("Delete this contact?")) event.preventDefault(); }}>
          <input type="hidden" name="intent" value="delete" />
          <SubmitButton className="button danger">Delete contact</SubmitButton>
        </SafeForm>
      ) : null}
    </section>
  );
}
