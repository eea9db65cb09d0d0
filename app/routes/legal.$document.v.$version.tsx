// The stable address of every published version of a legal document: /legal/privacy/v/1.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { legalLinks, LegalPage } from "~/components/legal-page";
import { legalPageData } from "~/modules/legal/legal.server";

export const links = legalLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.document.title} (version ${data.document.version}) · Kiana WhatsApp Panel` : "Not found · Kiana WhatsApp Panel" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const version = /^[1-9]\d{0,5}$/.test(params.version ?? "") ? Number(params.version) : null;
  const page = version === null ? null : legalPageData(params.document ?? "", version);
  if (!page) throw new Response("Not found", { status: 404 });
  return json(page);
}

export default function LegalVersion() {
  const { document, versions } = useLoaderData<typeof loader>();
  return <LegalPage document={document} versions={versions} />;
}
