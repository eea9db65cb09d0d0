// /legal: the operator's introduction to the legal pages and the list of documents.
import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatLegalDate, LegalFrame, legalLinks } from "~/components/legal-page";
import { listLegalDocuments } from "~/modules/legal/legal.server";

export const links = legalLinks;

export const meta: MetaFunction = () => [{ title: "Legal & policies · Kiana WhatsApp Panel" }];

export async function loader() {
  return json({ documents: listLegalDocuments() });
}

export default function LegalIndex() {
  const { documents } = useLoaderData<typeof loader>();
  return (
    <LegalFrame>
      <article className="legal-doc">
        <h1>Legal &amp; policies</h1>
        <p className="legal-lead">Privacy, terms, deletion, and contact information.</p>
        <p>
          These public legal pages explain privacy handling, terms of use, data deletion instructions, and support contact details for
          Kiana WhatsApp Panel.
        </p>
        <p>
          If you need help with privacy, terms, support, refunds, or account requests, contact{" "}
          <a href="mailto:info@kianallc.com">info@kianallc.com</a>.
        </p>
        <ul className="legal-index">
          {documents.map((document) => (
            <li key={document.slug}>
              <Link to={document.currentPath}>{document.title}</Link>
              <p className="muted">
                Effective <time dateTime={document.effective}>{formatLegalDate(document.effective)}</time> · <span className="legal-version">Version {document.version}</span>
                {document.versionCount > 1 ? (
                  <>
                    {" · "}
                    <Link to={`${document.currentPath}#legal-versions-title`}>Earlier versions</Link>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </article>
    </LegalFrame>
  );
}
