import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { legalLinks, LegalPage } from "~/components/legal-page";
import { legalPageData } from "~/modules/legal/legal.server";

export const links = legalLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? "Not found"} · Kiana WhatsApp Panel` }];

export async function loader() {
  const page = legalPageData("contact");
  if (!page) throw new Response("Not found", { status: 404 });
  return json(page);
}

export default function Contact() {
  const { document, versions } = useLoaderData<typeof loader>();
  return <LegalPage document={document} versions={versions} />;
}
