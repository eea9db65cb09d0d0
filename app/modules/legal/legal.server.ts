// The public legal documents (privacy policy, terms, data deletion instructions, contact): markdown
// files in legal/<document>/<version>.md with front matter, rendered once to HTML with heading ids
// and kept in memory. Every version stays published at /legal/<document>/v/<version>, and signup
// records which terms and privacy versions the user accepted.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import frontMatter from "front-matter";
import { Marked, type Tokens } from "marked";
import { getHeadingList, gfmHeadingId } from "marked-gfm-heading-id";
import { z } from "zod";

export const legalSlugs = ["privacy", "terms", "data-deletion", "contact"] as const;
export type LegalSlug = (typeof legalSlugs)[number];

/** The stable address of the current version of each document. */
export const legalPaths: Record<LegalSlug, string> = {
  privacy: "/privacy",
  terms: "/terms",
  "data-deletion": "/data-deletion",
  contact: "/contact",
};

export function isLegalSlug(value: string): value is LegalSlug {
  return (legalSlugs as readonly string[]).includes(value);
}

/** The stable address of one version of a document. */
export function legalVersionPath(slug: LegalSlug, version: number): string {
  return `/legal/${slug}/v/${version}`;
}

export interface TocEntry {
  level: 2 | 3;
  id: string;
  text: string;
}

export interface LegalVersionSummary {
  version: number;
  title: string;
  /** ISO date, YYYY-MM-DD. */
  effective: string;
  path: string;
}

export interface LegalDocument extends LegalVersionSummary {
  slug: LegalSlug;
  html: string;
  toc: TocEntry[];
  currentVersion: number;
  isCurrent: boolean;
  /** The address of the current version. */
  currentPath: string;
}

const IsoDate = z
  .union([z.date(), z.string()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Use an ISO date (YYYY-MM-DD)")
      .refine((value) => {
        const date = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
      }, "Not a real date"),
  );

const FrontMatter = z
  .object({
    title: z.string().trim().min(1).max(120),
    version: z.number().int().positive(),
    effective: IsoDate,
  })
  .strict();

// Raw HTML is never passed through, even though we write the markdown ourselves: it is shown as
// text. Links and images may only point to our own pages, anchors, https, mailto and tel.
const safeHref = /^(?:\/(?!\/)|#|https?:\/\/|mailto:|tel:)/i;
const safeSrc = /^(?:\/(?!\/)|https:\/\/)/i;

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

/** The plain text of rendered inline HTML, for the table of contents (React escapes it again). */
function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] !== "#") return entities[name.toLowerCase()] ?? whole;
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .trim();
}

const markdown = new Marked({ gfm: true }, gfmHeadingId(), {
  renderer: {
    html({ text, block }: Tokens.HTML | Tokens.Tag) {
      return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
    },
    link(token: Tokens.Link) {
      return safeHref.test(token.href.trim()) ? false : this.parser.parseInline(token.tokens);
    },
    image(token: Tokens.Image) {
      return safeSrc.test(token.href.trim()) ? false : escapeHtml(token.text);
    },
  },
});

/** Renders our legal markdown to HTML (raw HTML escaped) and lists its h2 and h3 headings. */
export function renderLegalMarkdown(source: string): { html: string; toc: TocEntry[] } {
  // Rendering is synchronous, so the extension's heading list belongs to this call alone.
  const html = markdown.parse(source, { async: false });
  const toc = getHeadingList()
    .filter((heading) => heading.level === 2 || heading.level === 3)
    .map((heading) => ({ level: heading.level as 2 | 3, id: heading.id, text: htmlToText(heading.text) }));
  return { html, toc };
}

interface LoadedVersion extends LegalVersionSummary {
  html: string;
  toc: TocEntry[];
}

/** Reads every version of every document; throws on a malformed file so a bad deploy fails loudly. */
export function loadLegalDocuments(dir: string): Map<LegalSlug, LoadedVersion[]> {
  const documents = new Map<LegalSlug, LoadedVersion[]>();
  for (const slug of legalSlugs) {
    const folder = path.join(dir, slug);
    const files = readdirSync(folder).filter((name) => name.endsWith(".md"));
    const versions = files.map((name) => {
      const file = path.join(folder, name);
      const match = /^([1-9]\d*)\.md$/.exec(name);
      if (!match) throw new Error(`${file}: name a legal document version <number>.md`);
      const parsed = frontMatter<unknown>(readFileSync(file, "utf8"));
      const attributes = FrontMatter.safeParse(parsed.attributes);
      if (!attributes.success) {
        throw new Error(`${file}: invalid front matter: ${attributes.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
      }
      if (attributes.data.version !== Number(match[1])) throw new Error(`${file}: front matter says version ${attributes.data.version}`);
      const { html, toc } = renderLegalMarkdown(parsed.body);
      return { ...attributes.data, path: legalVersionPath(slug, attributes.data.version), html, toc };
    });
    if (versions.length === 0) throw new Error(`${folder}: no versions`);
    versions.sort((a, b) => b.version - a.version);
    documents.set(slug, versions);
  }
  return documents;
}

let cache: Map<LegalSlug, LoadedVersion[]> | null = null;

function documents(): Map<LegalSlug, LoadedVersion[]> {
  // The server always runs from the repository root; the bundle itself lives in build/.
  cache ??= loadLegalDocuments(path.resolve(process.cwd(), "legal"));
  return cache;
}

function versionsOf(slug: string): LoadedVersion[] {
  return isLegalSlug(slug) ? (documents().get(slug) ?? []) : [];
}

/** One version of a document (the current one when no version is given), or null when unknown. */
export function getLegalDocument(slug: string, version?: number): LegalDocument | null {
  const versions = versionsOf(slug);
  const current = versions[0];
  const found = version === undefined ? current : versions.find((candidate) => candidate.version === version);
  if (!found || !current || !isLegalSlug(slug)) return null;
  return {
    ...found,
    slug,
    currentVersion: current.version,
    isCurrent: found.version === current.version,
    currentPath: legalPaths[slug],
  };
}

/** Every published version of a document, newest first; empty when the document is unknown. */
export function listVersions(slug: string): LegalVersionSummary[] {
  return versionsOf(slug).map(({ version, title, effective, path }) => ({ version, title, effective, path }));
}

/** The headings (h2, h3) of a document version with their anchor ids; empty when unknown. */
export function tableOfContents(slug: string, version?: number): TocEntry[] {
  return getLegalDocument(slug, version)?.toc ?? [];
}

/** What a legal page shows: the document version and the list of all its versions. */
export function legalPageData(slug: string, version?: number): { document: LegalDocument; versions: LegalVersionSummary[] } | null {
  const document = getLegalDocument(slug, version);
  return document ? { document, versions: listVersions(slug) } : null;
}

/** The current version of every document, for the /legal index. */
export function listLegalDocuments(): (LegalVersionSummary & { slug: LegalSlug; currentPath: string; versionCount: number })[] {
  return legalSlugs.map((slug) => {
    const [current, ...older] = versionsOf(slug);
    if (!current) throw new Error(`legal/${slug} has no versions`);
    const { version, title, effective, path } = current;
    return { slug, version, title, effective, path, currentPath: legalPaths[slug], versionCount: older.length + 1 };
  });
}

/** The versions of the terms and the privacy policy a user accepts when signing up today. */
export function currentVersions(): { terms: number; privacy: number } {
  const terms = getLegalDocument("terms");
  const privacy = getLegalDocument("privacy");
  if (!terms || !privacy) throw new Error("The terms and the privacy policy must be published in legal/");
  return { terms: terms.version, privacy: privacy.version };
}
