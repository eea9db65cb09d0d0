// The public legal pages: one document version with its title, effective date and version, a
// table of contents, the rendered text, and the other versions. Reads well on a phone and prints
// without the navigation.
import type { LinksFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { LegalDocument, LegalVersionSummary } from "~/modules/legal/legal.server";
import legalStyles from "~/styles/legal.css";

export const legalLinks: LinksFunction = () => [{ rel: "stylesheet", href: legalStyles }];

const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-11-25" → "25 November 2026", the same on the server and in every browser. */
export function formatLegalDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${months[(month ?? 1) - 1]} ${year}`;
}

export function LegalFrame({ children }: { children: React.ReactNode }) {
  return (
    <div className="legal-page">
      <header className="legal-header">
        <Link className="legal-brand" to="/">Kiana WhatsApp Panel</Link>
        <Link to="/legal">Legal &amp; policies</Link>
      </header>
      <main>{children}</main>
    </div>
  );
}

export function LegalPage({
  document,
  versions,
  children,
}: {
  document: LegalDocument;
  versions: LegalVersionSummary[];
  /** Shown under the title of the current version, e.g. a call to action. */
  children?: React.ReactNode;
}) {
  return (
    <LegalFrame>
      <article className="legal-doc">
        <h1>{document.title}</h1>
        <p className="legal-meta">
          Effective <time dateTime={document.effective}>{formatLegalDate(document.effective)}</time>
          <span aria-hidden="true"> · </span>
          <Link to={document.path} title="Permanent link to this version">Version {document.version}</Link>
        </p>
        {document.isCurrent ? (
          children
        ) : (
          <div className="legal-outdated" role="note">
            This is an earlier version, no longer in effect.{" "}
            <Link to={document.currentPath}>Read the current version (version {document.currentVersion})</Link>.
          </div>
        )}
        {document.toc.length > 1 ? (
          <nav className="legal-toc" aria-labelledby="legal-toc-title">
            <h2 id="legal-toc-title">Contents</h2>
            <ol>
              {document.toc.map((entry) => (
                <li key={entry.id} className={entry.level === 3 ? "legal-toc-sub" : undefined}>
                  <a href={`#${entry.id}`}>{entry.text}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        {/* Rendered on the server from our own markdown; raw HTML in it is escaped (legal.server.ts). */}
        <div className="legal-body" dangerouslySetInnerHTML={{ __html: document.html }} />
        {versions.length > 1 ? (
          <section className="legal-versions" aria-labelledby="legal-versions-title">
            <h2 id="legal-versions-title">Versions</h2>
            <ul>
              {versions.map((version) => (
                <li key={version.version}>
                  {version.version === document.version ? (
                    <strong>Version {version.version}</strong>
                  ) : (
                    <Link to={version.version === document.currentVersion ? document.currentPath : version.path}>Version {version.version}</Link>
                  )}
                  {", effective "}
                  <time dateTime={version.effective}>{formatLegalDate(version.effective)}</time>
                  {version.version === document.currentVersion ? " (current)" : null}
                  {version.version === document.version ? <span className="muted"> · you are reading this version</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </LegalFrame>
  );
}
