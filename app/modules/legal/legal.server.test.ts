import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { currentVersions, getLegalDocument, legalSlugs, listVersions, loadLegalDocuments, renderLegalMarkdown, tableOfContents } from "./legal.server";

/** The visible text of rendered HTML, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function render(slug: string): { html: string; text: string } {
  const document = getLegalDocument(slug);
  if (!document) throw new Error(`${slug} is not published`);
  return { html: document.html, text: textOf(document.html) };
}

// The operator's legal text, section by section: every heading and every sentence must be served.
const seed = {
  privacy: {
    title: "Privacy Policy",
    headings: [
      "1) Information we process",
      "2) Why we process information",
      "3) How we share information",
      "4) Data retention",
      "5) Security",
      "6) Your rights and choices",
      "7) Data deletion requests",
      "8) Changes to this policy",
    ],
    text: [
      "This Privacy Policy explains how Kiana & Business Partner LLC (“we”, “us”) collects, uses, stores, and shares information when you access and use Kiana WhatsApp Panel (the “Service”). The Service is business software used for WhatsApp promotional messaging, approved templates, customer conversations, campaign workflow, and related account operations.",
      "Depending on how the Service is used, we may process:",
      "Account & access data: admin username, login timestamps, and basic security logs.",
      "Meta/WhatsApp configuration data: WhatsApp Business Account identifiers, phone number identifiers, sender identifiers, Graph API version, and related configuration metadata.",
      "Access tokens / credentials: tokens required to connect to Meta services, stored securely with restricted access.",
      "Messaging data: message template names, message metadata, delivery statuses, and logs needed for troubleshooting.",
      "Webhook events: inbound messages and status events received from Meta/WhatsApp Cloud API as applicable to your configuration.",
      "Technical data: IP addresses, device/browser information, and system logs for security and reliability.",
      "To authenticate admins and provide access to the dashboard.",
      "To connect to Meta services and configure WhatsApp Cloud API settings.",
      "To send WhatsApp template messages and manage broadcasts.",
      "To display delivery statuses, logs, and operational analytics.",
      "To secure the Service, prevent abuse, and debug issues.",
      "To comply with legal obligations and enforce our Terms.",
      "We share information only as needed to operate the Service:",
      "Meta Platforms / WhatsApp Cloud API: data required for WhatsApp messaging features and status updates via Meta APIs.",
      "Service providers: hosting, infrastructure, and security providers under appropriate protections.",
      "Legal: if required to comply with applicable law, regulation, or lawful requests.",
      "We retain information only for as long as necessary to provide the Service, maintain security, comply with legal obligations, and resolve disputes.",
      "We implement reasonable administrative, technical, and organizational measures designed to protect information from unauthorized access, alteration, disclosure, or destruction.",
      "You may request access, correction, or deletion of certain data as described below. Some data may be retained where required for security, fraud prevention, or legal compliance.",
      "You can request deletion of your data by emailing info@kianallc.com with the subject line Data Deletion Request.",
      "We may update this Privacy Policy from time to time. We will revise the effective date at the top when changes are made.",
    ],
  },
  terms: {
    title: "Terms & Conditions",
    headings: [
      "1) Service description",
      "2) Eligibility and admin-only access",
      "3) Acceptable use",
      "4) Billing and account continuity",
      "5) Disclaimers and changes",
    ],
    text: [
      "These Terms of Service (“Terms”) govern your use of Kiana WhatsApp Panel (the “Service”). By accessing or using the Service, you agree to these Terms.",
      "The Service is business software that allows authorized users to manage WhatsApp promotional templates, customer messaging, broadcasts, delivery statuses, contacts, and related operational workflow.",
      "The Service is intended for business and admin use only.",
      "You must be at least 18 years old or the legal age in your jurisdiction to use the Service.",
      "You are responsible for maintaining the confidentiality of your login credentials and restricting access to authorized users.",
      "Do not send unlawful, harmful, fraudulent, or misleading messages.",
      "Do not violate WhatsApp policies, Meta Platform Terms, or applicable laws.",
      "Do not attempt unauthorized access, interfere with system integrity, or bypass security controls.",
      "Subscription access, receipts, and statement generation may depend on the active customer plan and billing status. Public pricing pages are informational; final account-level billing actions occur after workspace sign-in or creation.",
      "The Service is provided “as is” and “as available”. We may update these Terms from time to time and will revise the effective date when changes are made.",
    ],
  },
  "data-deletion": {
    title: "Data Deletion Instructions",
    headings: ["1) How to submit a request", "2) What we delete", "3) Verification and timeline"],
    text: [
      "To request deletion of data associated with your use of Kiana WhatsApp Panel, please follow the steps below.",
      "Email: info@kianallc.com",
      "Subject line: Data Deletion Request",
      "Include the admin username, panel URL, and the relevant workspace or account details needed to identify your records.",
      "Admin account records where applicable.",
      "Stored Meta or WhatsApp configuration references tied to the account or workspace.",
      "Messaging logs and webhook event records associated with the account or workspace.",
      "For security, we may ask for additional information to verify the requester’s authority. We process valid requests without undue delay, subject to legal and security requirements.",
    ],
  },
  contact: {
    title: "Contact Support",
    headings: [],
    text: [
      "If you have questions about legal pages, privacy, refunds, or account onboarding, use the contact details below.",
      "Company: Kiana & Business Partner LLC",
      "Business: Primary support",
      "Phone: +968 92780798",
      "Muscat, Oman",
    ],
  },
} as const;

describe("the published legal documents", () => {
  it.each(Object.entries(seed))("%s carries every section of the operator's text", (slug, expected) => {
    const document = getLegalDocument(slug);
    expect(document?.title).toBe(expected.title);
    expect(document?.toc.map((entry) => entry.text)).toEqual(expected.headings);
    const { html, text } = render(slug);
    for (const heading of document?.toc ?? []) {
      expect(heading.level).toBe(2);
      expect(html).toContain(`<h2 id="${heading.id}">`);
    }
    for (const sentence of expected.text) expect(text).toContain(sentence);
  });

  it("names the company, and links its email and phone", () => {
    const { html, text } = render("contact");
    expect(text).toContain("Kiana & Business Partner LLC");
    expect(html).toContain('<a href="mailto:info@kianallc.com">info@kianallc.com</a>');
    expect(html).toContain('<a href="tel:+96892780798">+968 92780798</a>');
    expect(text).toContain("Muscat, Oman");
  });

  it("never shows the email address without a mailto: link", () => {
    for (const slug of legalSlugs) {
      const { html } = render(slug);
      const unlinked = html.replace(/<a href="mailto:info@kianallc\.com[^"]*">info@kianallc\.com<\/a>/g, "");
      expect(unlinked, slug).not.toContain("info@kianallc.com");
    }
  });

  it("links only to our pages, mailto: and tel:", () => {
    for (const slug of legalSlugs) {
      for (const [, href] of render(slug).html.matchAll(/href="([^"]*)"/g)) {
        expect(href).toMatch(/^(\/[a-z]|mailto:info@kianallc\.com|tel:\+96892780798$)/);
      }
    }
  });

  it("keeps the deletion email route with its subject and links the online form", () => {
    const { html } = render("data-deletion");
    expect(html).toContain('href="mailto:info@kianallc.com?subject=Data%20Deletion%20Request"');
    expect(html).toContain('href="/data-deletion/request"');
    expect(render("privacy").html).toContain('href="mailto:info@kianallc.com?subject=Data%20Deletion%20Request"');
  });
});

describe("versions", () => {
  it("resolves the current version and each published version", () => {
    for (const slug of legalSlugs) {
      const current = getLegalDocument(slug);
      expect(current).toMatchObject({ slug, version: 1, effective: "2026-11-25", isCurrent: true, currentVersion: 1 });
      expect(getLegalDocument(slug, 1)).toEqual(current);
      expect(listVersions(slug)).toEqual([{ version: 1, title: current?.title, effective: "2026-11-25", path: `/legal/${slug}/v/1` }]);
    }
    expect(getLegalDocument("data-deletion")?.currentPath).toBe("/data-deletion");
    expect(currentVersions()).toEqual({ terms: 1, privacy: 1 });
  });

  it("gives the table of contents with anchor ids", () => {
    expect(tableOfContents("privacy")[0]).toEqual({ level: 2, id: "1-information-we-process", text: "1) Information we process" });
    expect(tableOfContents("nope")).toEqual([]);
  });

  it("returns null for an unknown document or version", () => {
    expect(getLegalDocument("cookies")).toBeNull();
    expect(getLegalDocument("__proto__")).toBeNull();
    expect(getLegalDocument("privacy", 2)).toBeNull();
    expect(getLegalDocument("privacy", 0)).toBeNull();
    expect(listVersions("cookies")).toEqual([]);
  });
});

describe("loadLegalDocuments", () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  function folder(files: Record<string, string>): string {
    dir = mkdtempSync(path.join(tmpdir(), "legal-"));
    for (const slug of legalSlugs) mkdirSync(path.join(dir, slug));
    for (const slug of legalSlugs) writeFileSync(path.join(dir, slug, "1.md"), `---\ntitle: ${slug}\nversion: 1\neffective: 2026-11-25\n---\n\nText.\n`);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }

  it("lists versions newest first", () => {
    const loaded = loadLegalDocuments(folder({ "terms/2.md": "---\ntitle: Terms\nversion: 2\neffective: '2027-01-01'\n---\n\n## 1) New\n" }));
    expect(loaded.get("terms")?.map((version) => [version.version, version.effective])).toEqual([[2, "2027-01-01"], [1, "2026-11-25"]]);
  });

  it.each([
    ["terms/2.md", "---\ntitle: Terms\nversion: 3\neffective: 2027-01-01\n---\n", /says version 3/],
    ["terms/2.md", "---\ntitle: Terms\nversion: 2\neffective: 1 January 2027\n---\n", /effective/],
    ["terms/2.md", "---\ntitle: Terms\nversion: 2\neffective: '2027-02-30'\n---\n", /effective/],
    ["terms/2.md", "---\nversion: 2\neffective: 2027-01-01\n---\n", /title/],
    ["terms/draft.md", "---\ntitle: Terms\nversion: 2\neffective: 2027-01-01\n---\n", /<number>\.md/],
  ])("refuses %s with bad front matter or name", (name, text, message) => {
    expect(() => loadLegalDocuments(folder({ [name]: text }))).toThrow(message);
  });
});

describe("renderLegalMarkdown", () => {
  it("renders headings with ids and lists them for the table of contents", () => {
    const { html, toc } = renderLegalMarkdown("## 1) First & foremost\n\n### Detail\n\n#### Too deep\n\n- a bullet\n");
    expect(html).toContain('<h2 id="1-first--foremost">1) First &amp; foremost</h2>');
    expect(html).toContain("<li>a bullet</li>");
    expect(toc).toEqual([
      { level: 2, id: "1-first--foremost", text: "1) First & foremost" },
      { level: 3, id: "detail", text: "Detail" },
    ]);
  });

  it("does not pass raw HTML through", () => {
    const { html, toc } = renderLegalMarkdown(
      [
        "<script>alert(1)</script>",
        "",
        '<div onclick="steal()">block</div>',
        "",
        "Inline <img src=x onerror=alert(1)> and <b>bold</b>.",
        "",
        "## Heading <i>with</i> tag",
      ].join("\n"),
    );
    expect(html).not.toMatch(/<(script|div|img|b|i)\b/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(toc[0]?.text).toBe("Heading <i>with</i> tag");
  });

  it("drops links and images to unsafe addresses but keeps their text", () => {
    const { html } = renderLegalMarkdown(
      "[js](javascript:alert(1)) [data](data:text/html,x) [other](//evil.example) ![pic](javascript:x) [ok](/terms) [mail](mailto:a@b.c) [web](https://kianallc.com)",
    );
    expect(html).not.toMatch(/javascript:|data:|evil\.example|<img/);
    expect(html).toContain("js data other pic");
    expect(html).toContain('<a href="/terms">ok</a>');
    expect(html).toContain('<a href="mailto:a@b.c">mail</a>');
    expect(html).toContain('<a href="https://kianallc.com">web</a>');
  });
});
