// Contacts at scale: a 100,000-row CSV imported end to end (upload streamed into the database,
// mapping, the import job's work) with rows/s and peak memory; then a workspace seeded with
// 1,000,000 contacts (other workspaces beside it) and the contacts page's server time for the first
// page, a deep page and searches. Imports the app, so DATABASE_URL must be settled first.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { roleUrl } from "../../db/config";
import { withWorkspace } from "../../db/transactions";
import { readCookie, sessionCookieName } from "../../app/lib/cookies.server";
import { signUp } from "../../app/modules/auth/sign-up.server";
import { encodeCursor } from "../../app/lib/keyset-cursor";
import { readContactImport } from "../../app/modules/contacts/read-contact-import.server";
import { runContactImport } from "../../app/modules/contacts/run-contact-import.server";
import { startContactImport } from "../../app/modules/contacts/start-contact-import.server";
import { storeContactUpload } from "../../app/modules/contacts/store-contact-upload.server";
import { requireWorkspace, type WorkspaceAccess } from "../../app/modules/workspaces/memberships.server";
import { cookieHeader, type Client } from "./http";
import { loadPage, logIn, type CookieNames, type LoadRun } from "./http-scenarios";
import { ms, renderTable, summarize } from "./stats";

export interface ContactsPlan {
  importRows: number;
  /** Contacts in the measured workspace, and in each of the other workspaces. */
  seedContacts: number;
  otherWorkspaces: number;
  otherContacts: number;
  page: { concurrency: number; maxRequests: number; maxSeconds: number };
}

export const contactsTargets = { importSeconds: 10, importExtraMb: 200, pageServerP95Ms: 100 };

export interface ImportRun {
  rows: number;
  seconds: number;
  uploadSeconds: number;
  rowsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  counts: { created: number; updated: number; skipped: number; failed: number; empty: number };
}

export interface ContactsRun {
  import: ImportRun;
  seed: { contacts: number; seconds: number };
  pages: { label: string; path: string; run: LoadRun; rows: number }[];
}

interface BenchWorkspace {
  access: WorkspaceAccess;
  login: string;
  password: string;
}

const password = "Bench-Contacts-Pass-2026";

async function createWorkspace(label: string): Promise<BenchWorkspace> {
  const name = `bench${label}${randomUUID().slice(0, 6)}`;
  const result = await signUp({ name: `Bench ${label}`, email: `${name}@bench.test`, username: name, workspaceName: `Bench ${label}`, password, acceptTerms: "on" }, { ip: "127.0.0.1", userAgent: "kiana-bench" });
  if (!result.ok) throw new Error(`signUp refused the benchmark account: ${JSON.stringify(result.errors)}`);
  const token = readCookie(result.cookie.split(";")[0], sessionCookieName);
  const request = new Request("http://localhost/", { headers: { Cookie: `${sessionCookieName}=${token}` } });
  const access = await requireWorkspace(request, { workspace: result.workspaceSlug });
  return { access, login: name, password };
}

const firstNames = ["Ada", "Grace", "Alan", "Maria", "Mohammed", "Wei", "Olga", "Kwame", "Ana", "Lucas", "Fatima", "Hiro", "Sofia", "Omar", "Elena", "Raj", "Chloe", "Ivan", "Aisha", "Mateo"];
const lastNames = ["Lovelace", "Hopper", "Turing", "Garcia", "Khan", "Zhang", "Petrova", "Mensah", "Silva", "Martin", "Haddad", "Tanaka", "Rossi", "Farouk", "Novak", "Patel", "Dubois", "Smirnov", "Bello", "Lopez"];

/** The benchmark CSV, produced as it is read: semicolons, a BOM, quoted names, CRLF, and one bad number in a hundred. */
async function* benchCsv(rows: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let text = "\uFEFFPhone;Name;Tags;Order ID;City\r\n";
  for (let i = 0; i < rows; i++) {
    const phone = i % 100 === 99 ? `0${i}` : `+44 7400 ${String(i).padStart(6, "0")}`;
    text += `${phone};"${lastNames[i % 20]}, ${firstNames[(i * 7) % 20]}";${i % 3 === 0 ? "vip" : ""};A-${i};London\r\n`;
    if (text.length > 64 * 1024) {
      yield encoder.encode(text);
      text = "";
    }
  }
  yield encoder.encode(text);
}

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/**
 * What autovacuum does on a running server once the warm-up has put rows in the empty tables. Without
 * statistics, the tags' foreign-key check is planned on the 200-row table as a scan of the workspace's
 * contacts through another index (contacts_username_key_idx, filtering on id), and a pooled connection
 * keeps that plan until the table is analysed: on a server with autovacuum off, for the whole import,
 * each check reading every contact saved so far.
 */
async function analyzeContacts(): Promise<void> {
  const owner = postgres(roleUrl("owner"), { max: 1, onnotice: () => undefined });
  try {
    await owner`analyze contacts, contact_tags`;
  } finally {
    await owner.end();
  }
}

export async function measureContactImport(rows: number, say: (line: string) => void): Promise<ImportRun> {
  const { access } = await createWorkspace("import");
  // A small import first, so module loading and JIT warm-up are not counted as the import's memory.
  const warm = await storeContactUpload(access, { field: "file", filename: "warm.csv", contentType: "text/csv", data: benchCsv(200) }, null);
  if (!warm.ok) throw new Error(warm.error);
  const mapping = { column_0: "phone", column_1: "name", column_2: "tags", column_3: "attribute", attribute_3: "order_id", column_4: "attribute", attribute_4: "city", mode: "update" };
  await startContactImport(access, warm.importId, mapping);
  await runContactImport({ workspaceId: access.workspace.id, importId: warm.importId });
  await analyzeContacts();
  global.gc?.();
  const baselineRssMb = rssMb();
  let peakRssMb = baselineRssMb;
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, rssMb());
  }, 20);
  say(`importing ${rows.toLocaleString("en")} CSV rows`);
  const started = performance.now();
  try {
    const stored = await storeContactUpload(access, { field: "file", filename: "bench.csv", contentType: "text/csv", data: benchCsv(rows) }, null);
    if (!stored.ok) throw new Error(stored.error);
    const uploadSeconds = (performance.now() - started) / 1000;
    const begun = await startContactImport(access, stored.importId, mapping);
    if (!begun.ok) throw new Error(JSON.stringify(begun.errors));
    const result = await runContactImport({ workspaceId: access.workspace.id, importId: stored.importId });
    const seconds = (performance.now() - started) / 1000;
    if (result !== "completed") throw new Error(`the import ended ${result}`);
    const done = await withWorkspace(access.workspace.id, null, (tx) => readContactImport(tx, stored.importId));
    if (!done) throw new Error("the import disappeared");
    peakRssMb = Math.max(peakRssMb, rssMb());
    return {
      rows,
      seconds,
      uploadSeconds,
      rowsPerSecond: rows / seconds,
      baselineRssMb,
      peakRssMb,
      counts: { created: done.createdCount, updated: done.updatedCount, skipped: done.skippedCount, failed: done.failedCount, empty: done.emptyCount },
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Set-based seeding as the owner role (row-level security is forced on it too, so each insert runs
 * in its workspace's identity): names from a small pool, distinct numbers, creation times one
 * second apart, a third of them tagged, one in twenty opted out.
 */
async function seedWorkspace(owner: postgres.Sql, workspaceId: string, count: number, offset: number): Promise<void> {
  const batch = 250_000;
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    await owner.begin(async (tx) => {
      await tx`select set_config('app.workspace_id', ${workspaceId}, true)`;
      await tx`
        with added as (
          insert into contacts (workspace_id, phone_e164, name, username, attributes, opted_out_at, opt_out_source, created_at)
          select ${workspaceId}, '+447' || lpad((${offset} + i)::text, 9, '0'),
                 (${firstNames}::text[])[1 + (i * 7) % 20] || ' ' || (${lastNames}::text[])[1 + (i * 13) % 19],
                 case when i % 10 = 0 then 'user' || i end,
                 jsonb_build_object('order_id', 'A-' || i),
                 case when i % 20 = 0 then now() - interval '1 day' end, case when i % 20 = 0 then 'keyword' end,
                 timestamptz '2025-01-01' + i * interval '1 second'
            from generate_series(${start + 1}::int, ${end}::int) as i
          returning workspace_id, id, created_at
        )
        insert into contact_tags (workspace_id, contact_id, tag)
        select workspace_id, id, case when extract(epoch from created_at)::bigint % 2 = 0 then 'vip' else 'newsletter' end
          from added where extract(epoch from created_at)::bigint % 3 = 0`;
    });
  }
}

export interface SeededWorkspace {
  target: BenchWorkspace;
  contacts: number;
  seconds: number;
}

/** The measured workspace with plan.seedContacts contacts, and other workspaces beside it. */
export async function seedListWorkspaces(plan: ContactsPlan, say: (line: string) => void): Promise<SeededWorkspace> {
  const target = await createWorkspace("list");
  const others = await Promise.all(Array.from({ length: plan.otherWorkspaces }, (_, index) => createWorkspace(`other${index}`)));
  const owner = postgres(roleUrl("owner"), { max: 1, onnotice: () => undefined });
  const started = performance.now();
  try {
    say(`seeding ${plan.seedContacts.toLocaleString("en")} contacts, and ${plan.otherContacts.toLocaleString("en")} in each of ${others.length} other workspaces`);
    await seedWorkspace(owner, target.access.workspace.id, plan.seedContacts, 0);
    for (const [index, other] of others.entries()) await seedWorkspace(owner, other.access.workspace.id, plan.otherContacts, (index + 1) * 10_000_000);
    await owner`analyze contacts`;
    await owner`analyze contact_tags`;
  } finally {
    await owner.end();
  }
  return { target, contacts: plan.seedContacts + plan.otherWorkspaces * plan.otherContacts, seconds: (performance.now() - started) / 1000 };
}

/** The cursor of the contact at `position` in the list (newest first), optionally among names starting with `prefix`. */
async function cursorAt(access: WorkspaceAccess, position: number, prefix = ""): Promise<string> {
  const [row] = await withWorkspace(access.workspace.id, null, (tx) => tx<{ at: string; id: string }[]>`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id
      from contacts where workspace_id = ${access.workspace.id} ${prefix ? tx`and name_key >= ${prefix} and name_key < ${`${prefix}\u{10FFFF}`}` : tx``}
     order by created_at desc, id desc offset ${position} limit 1`);
  if (!row) throw new Error(`no contact at position ${position}`);
  return encodeCursor(row);
}

export async function measureContactsPages(client: Client, names: CookieNames, seeded: SeededWorkspace, plan: ContactsPlan, say: (line: string) => void): Promise<ContactsRun["pages"]> {
  const { target } = seeded;
  const cookies = await logIn(client, names, target);
  const base = `/w/${target.access.workspace.slug}/contacts`;
  const deepRow = Math.floor(plan.seedContacts * 0.9);
  const deep = await cursorAt(target.access, deepRow);
  const searchDeep = await cursorAt(target.access, 2_000, "maria");
  const scenarios = [
    { label: "first page", path: base },
    { label: `deep page (after row ${deepRow.toLocaleString("en")})`, path: `${base}?after=${deep}` },
    { label: "search by name, first page", path: `${base}?q=maria` },
    { label: "search by name, page after 2,000 matches", path: `${base}?q=maria&after=${searchDeep}` },
    { label: "search by family name", path: `${base}?q=turing` },
    { label: "search by number", path: `${base}?q=%2B4470000012` },
    { label: "tag and status filter", path: `${base}?tag=vip&status=subscribed` },
  ];
  const pages: ContactsRun["pages"] = [];
  for (const scenario of scenarios) {
    const check = await client.request("GET", scenario.path, { headers: { Cookie: cookieHeader(cookies) } });
    if (check.status !== 200) throw new Error(`GET ${scenario.path} answered ${check.status}`);
    const rows = (check.body.match(/name="ids"/g) ?? []).length;
    await loadPage(client, { path: scenario.path, cookies, concurrency: plan.page.concurrency, maxRequests: 20, maxSeconds: 5 });
    say(`measuring GET contacts, ${scenario.label}`);
    pages.push({ ...scenario, rows, run: await loadPage(client, { path: scenario.path, cookies, ...plan.page }) });
  }
  return pages;
}

export function reportContacts(run: ContactsRun, plan: ContactsPlan): void {
  const { import: imported } = run;
  const extra = imported.peakRssMb - imported.baselineRssMb;
  console.log("");
  console.log(`Contacts: import of ${imported.rows.toLocaleString("en")} CSV rows (upload ${imported.uploadSeconds.toFixed(1)} s of ${imported.seconds.toFixed(1)} s): ` +
    `${imported.counts.created} created, ${imported.counts.updated} updated, ${imported.counts.skipped} skipped, ${imported.counts.failed} failed`);
  console.log(`  ${imported.rowsPerSecond.toFixed(0)} rows/s · peak RSS ${imported.peakRssMb.toFixed(0)} MB (baseline ${imported.baselineRssMb.toFixed(0)} MB, extra ${extra.toFixed(0)} MB)`);
  console.log(`Contacts list: ${run.seed.contacts.toLocaleString("en")} contacts seeded in ${run.seed.seconds.toFixed(1)} s; ${plan.seedContacts.toLocaleString("en")} in the measured workspace; ${plan.page.concurrency} concurrent clients`);
  console.log("");
  console.log(
    renderTable(
      ["GET /w/<slug>/contacts", "rows", "n", "server p50", "server p95", "client p95", "failures"],
      run.pages.map(({ label, rows, run: page }) => {
        const server = summarize(page.server);
        return [label, String(rows), String(server.count), ms(server.p50), ms(server.p95), ms(summarize(page.client).p95), String([...page.failures.values()].reduce((a, b) => a + b, 0))];
      }),
    ),
  );
  const worstP95 = Math.max(...run.pages.map((page) => summarize(page.run.server).p95));
  console.log("");
  console.log(
    renderTable(
      ["Target", "figure", "result"],
      [
        [`import ${imported.rows.toLocaleString("en")} rows < ${contactsTargets.importSeconds} s`, `${imported.seconds.toFixed(1)} s`, imported.seconds < contactsTargets.importSeconds ? "met" : "NOT met"],
        [`import peak extra memory < ${contactsTargets.importExtraMb} MB`, `${extra.toFixed(0)} MB`, extra < contactsTargets.importExtraMb ? "met" : "NOT met"],
        [`contacts page server p95 < ${contactsTargets.pageServerP95Ms} ms (worst case)`, ms(worstP95), worstP95 < contactsTargets.pageServerP95Ms ? "met" : "NOT met"],
      ],
      [0, 2],
    ),
  );
}
