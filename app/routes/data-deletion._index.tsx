// The data deletion instructions at /data-deletion, with the faster online request form at
// /data-deletion/request.
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { legalLinks, LegalPage } from "~/components/legal-page";
import { legalPageData } from "~/modules/legal/legal.server";

export const links = legalLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? "Not found"} · Kiana WhatsApp Panel` }];

export async function loader() {
  const page = legalPageData("data-deletion");
  if (!page) throw new Response("Not found", { status: 404 });
  return json(page);
}

export default function DataDeletion() {
  const { document, versions } = useLoaderData<typeof loader>();
  return (
    <LegalPage document={document} versions={versions}>
      <aside className="legal-callout" aria-label="Request deletion online">
        <p><strong>Faster:</strong> send your data deletion request with the online form, or by email as described below.</p>
        <Link className="button" to="/data-deletion/request">Request deletion online</Link>
      </aside>
    </LegalPage>
  );
}
