import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ContactFields } from "~/components/contact-fields";
import { FormError, SafeForm, SubmitButton } from "~/components/forms";
import { readForm } from "~/lib/csrf.server";
import { saveContact } from "~/modules/contacts/save-contact.server";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

export const meta: MetaFunction = () => [{ title: "Add a contact · Kiana WhatsApp Panel" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireWorkspace(request, params, "admin");
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  const result = await saveContact(access, null, Object.fromEntries(form));
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/w/${access.workspace.slug}/contacts/${result.id}?saved=1`);
}

const empty = { phone: "", bsuid: "", username: "", name: "", tags: "", attributes: "", optedOut: false };

export default function NewContact() {
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  return (
    <section className="narrow">
      <p><Link to=".." relative="path">← Contacts</Link></p>
      <h1>Add a contact</h1>
      <SafeForm noValidate>
        <FormError error={errors.form} />
        <ContactFields values={empty} errors={errors} />
        <SubmitButton>Add contact</SubmitButton>
      </SafeForm>
    </section>
  );
}
