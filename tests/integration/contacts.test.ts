// Contacts against Postgres: keyset pages and searches, identifiers linked instead of duplicated,
// the streamed CSV import from upload to failures file (resuming after an interruption), bulk
// actions, export, and no contact ever visible from another workspace.
import type { JobHelpers } from "graphile-worker";
import { afterAll, describe, expect, it } from "vitest";
import { withWorkspace } from "../../db/transactions";
import type { UploadedFile } from "../../app/lib/csrf.server";
import { applyBulkAction } from "../../app/modules/contacts/bulk-contacts.server";
import { exportContacts } from "../../app/modules/contacts/export-contacts.server";
import { importFailuresCsv } from "../../app/modules/contacts/import-failures.server";
import { maxImportBytes } from "../../app/modules/contacts/import-limits";
import { listContacts } from "../../app/modules/contacts/list-contacts.server";
import { previewContactImport, readContactImport } from "../../app/modules/contacts/read-contact-import.server";
import { runContactImport } from "../../app/modules/contacts/run-contact-import.server";
import { saveContact } from "../../app/modules/contacts/save-contact.server";
import { contactFilterFrom } from "../../app/modules/contacts/schemas";
import { startContactImport } from "../../app/modules/contacts/start-contact-import.server";
import { storeContactUpload } from "../../app/modules/contacts/store-contact-upload.server";
import { updateDefaultCountry } from "../../app/modules/contacts/update-default-country.server";
import { upsertContacts } from "../../app/modules/contacts/upsert-contacts.server";
import { importContactsTask } from "../../jobs/import-contacts";
import { purgeExpired } from "../../jobs/purge-expired";
import { createAccount, ownerSql, type TestAccount } from "../helpers/factories";

const owner = ownerSql();

afterAll(async () => {
  await owner.end();
});

function inAccount<T>(account: TestAccount, fn: Parameters<typeof withWorkspace<T>>[2]): Promise<T> {
  return withWorkspace(account.access.workspace.id, account.userId, fn);
}

function upload(text: string | Buffer, filename = "contacts.csv", pieceSize = 7_000): UploadedFile {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return {
    field: "file",
    filename,
    contentType: "text/csv",
    data: (async function* () {
      for (let offset = 0; offset < bytes.length; offset += pieceSize) yield bytes.subarray(offset, offset + pieceSize);
    })(),
  };
}

async function collect(lines: AsyncGenerator<string>): Promise<string> {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

function filter(query = "") {
  return contactFilterFrom(new URLSearchParams(query));
}

async function page(account: TestAccount, query = "", cursor: { after?: string | null; before?: string | null } = {}, limit = 50) {
  return inAccount(account, (tx) => listContacts(tx, { workspaceId: account.access.workspace.id, filter: filter(query), defaultCountry: "GB", limit, ...cursor }));
}

describe("the contact list", () => {
  it("pages through every contact once, newest first, and back again", async () => {
    const account = await createAccount();
    const contacts = Array.from({ length: 25 }, (_, index) => ({
      phone: `+4479111${String(index).padStart(5, "0")}`, bsuid: null, username: null, name: `Person ${index}`, tags: [], attributes: {}, optedOut: false,
    }));
    await inAccount(account, (tx) => upsertContacts(tx, account.access.workspace.id, contacts, "update", "import"));
    const seen: string[] = [];
    let cursor: string | null = null;
    const cursors: string[] = [];
    do {
      const result = await page(account, "", { after: cursor }, 10);
      seen.push(...result.contacts.map((contact) => contact.id));
      cursor = result.next;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const second = await page(account, "", { after: cursors[0] }, 10);
    const back = await page(account, "", { before: second.previous }, 10);
    expect(back.contacts.map((contact) => contact.id)).toEqual(seen.slice(0, 10));
    expect(back.previous).toBeNull();
  });

  it("finds contacts by the start of a name, a family name, a username, a national number or a user id", async () => {
    const account = await createAccount();
    const ws = account.access.workspace.id;
    await inAccount(account, (tx) =>
      upsertContacts(tx, ws, [
        { phone: "+447911123456", bsuid: null, username: null, name: "Ada Lovelace", tags: ["vip"], attributes: {}, optedOut: false },
        { phone: "+447700900123", bsuid: null, username: "grace.h", name: "Grace Hopper", tags: [], attributes: {}, optedOut: true },
        { phone: null, bsuid: "US.13491208655302741918", username: "alan", name: "Alan Turing", tags: ["vip"], attributes: {}, optedOut: false },
      ], "update", "import"),
    );
    const names = async (query: string) => (await page(account, query)).contacts.map((contact) => contact.name).sort();
    expect(await names("q=ada")).toEqual(["Ada Lovelace"]);
    expect(await names("q=LOVE")).toEqual(["Ada Lovelace"]);
    expect(await names("q=grace.")).toEqual(["Grace Hopper"]);
    expect(await names("q=07911 12")).toEqual(["Ada Lovelace"]);
    expect(await names("q=%2B44")).toEqual(["Ada Lovelace", "Grace Hopper"]);
    expect(await names("q=us.1349")).toEqual(["Alan Turing"]);
    expect(await names("tag=VIP")).toEqual(["Ada Lovelace", "Alan Turing"]);
    expect(await names("status=opted_out")).toEqual(["Grace Hopper"]);
    expect(await names("status=subscribed&tag=vip&q=a")).toEqual(["Ada Lovelace", "Alan Turing"]);
  });

  it("never shows another workspace's contacts, even by id", async () => {
    const mine = await createAccount();
    const theirs = await createAccount();
    const saved = await saveContact(theirs.access, null, { phone: "+14155550100", name: "Their customer", tags: "", attributes: "" });
    expect(saved.ok).toBe(true);
    expect((await page(mine, "q=their")).contacts).toEqual([]);
    const hidden = await inAccount(mine, (tx) => tx`select id from contacts where id = ${saved.ok ? saved.id : ""}`);
    expect(hidden).toHaveLength(0);
  });
});

describe("saving a contact", () => {
  it("normalises the number in the default country and reports a duplicate next to the field", async () => {
    const account = await createAccount();
    expect(await updateDefaultCountry(account.access, { defaultCountry: "gb" })).toEqual({ ok: true, defaultCountry: "GB" });
    const first = await saveContact(account.access, null, { phone: "07911 123456", name: "Ada", tags: "VIP, newsletter", attributes: "order_id = A-17" });
    expect(first.ok).toBe(true);
    const again = await saveContact(account.access, null, { phone: "+44 7911 123456", name: "Ada again", tags: "", attributes: "" });
    expect(again).toEqual({ ok: false, errors: { phone: "Another contact already has this phone number" } });
    const bad = await saveContact(account.access, null, { phone: "12345", name: "Nobody", tags: "", attributes: "" });
    expect(!bad.ok && bad.errors.phone).toMatch(/not a (valid )?phone number/);
    const [contact] = (await page(account)).contacts;
    expect(contact).toMatchObject({ phoneE164: "+447911123456", name: "Ada", tags: ["newsletter", "vip"], attributes: { order_id: "A-17" } });
  });

  it("replaces the tags and records an opt-out with its time and source", async () => {
    const account = await createAccount();
    const created = await saveContact(account.access, null, { phone: "+14155550101", tags: "a, b", attributes: "" });
    if (!created.ok) throw new Error("not created");
    await saveContact(account.access, created.id, { phone: "+14155550101", tags: "b, c", attributes: "", optedOut: "on" });
    const [contact] = (await page(account)).contacts;
    expect(contact?.tags).toEqual(["b", "c"]);
    expect(contact?.optOutSource).toBe("manual");
    expect(contact?.optedOutAt).toBeInstanceOf(Date);
  });
});

describe("linking identifiers", () => {
  it("adds a user id to the contact that has the phone number instead of creating a second contact", async () => {
    const account = await createAccount();
    const ws = account.access.workspace.id;
    const base = { username: null, name: null, tags: [], attributes: {}, optedOut: false };
    await inAccount(account, (tx) => upsertContacts(tx, ws, [{ ...base, phone: "+14155550102", bsuid: null }], "update", "import"));
    await inAccount(account, (tx) => upsertContacts(tx, ws, [{ ...base, phone: null, bsuid: "US.999", username: "sam" }], "update", "whatsapp"));
    const outcomes = await inAccount(account, (tx) =>
      upsertContacts(tx, ws, [{ ...base, phone: "+14155550102", bsuid: "US.777" }, { ...base, phone: "+14155550103", bsuid: "US.999" }], "update", "whatsapp"),
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["updated", "updated"]);
    const rows = await inAccount(account, (tx) => tx<{ phoneE164: string; bsuid: string; username: string | null }[]>`select phone_e164, bsuid, username from contacts order by phone_e164`);
    expect(rows).toEqual([
      { phoneE164: "+14155550102", bsuid: "US.777", username: null },
      { phoneE164: "+14155550103", bsuid: "US.999", username: "sam" },
    ]);
    const clash = await inAccount(account, (tx) => upsertContacts(tx, ws, [{ ...base, phone: "+14155550102", bsuid: "US.999" }], "update", "whatsapp"));
    expect(clash[0]).toEqual({ kind: "failed", reason: "The phone number +14155550102 belongs to one contact and the WhatsApp user id US.999 to another" });
  });

  it("names each row's own contact when one call creates some, links others and meets the same person twice", async () => {
    const account = await createAccount();
    const ws = account.access.workspace.id;
    const base = { username: null, name: null, tags: [], attributes: {}, optedOut: false };
    const [existing] = await inAccount(account, (tx) => upsertContacts(tx, ws, [{ ...base, phone: null, bsuid: "US.500", name: "Known" }], "update", "import"));
    const outcomes = await inAccount(account, (tx) =>
      upsertContacts(tx, ws, [
        { ...base, phone: null, bsuid: "US.501", name: "User id only", tags: ["a"] },
        { ...base, phone: "+14155550201", bsuid: null, name: "Phone only" },
        { ...base, phone: "+14155550202", bsuid: "US.502", name: "Both" },
        { ...base, phone: "+14155550203", bsuid: "US.500", name: "Linked", tags: ["b"] },
        { ...base, phone: "+14155550201", bsuid: "US.503", name: "Phone only again", tags: ["c"] },
        { ...base, phone: null, bsuid: "US.501", name: null, tags: ["d"], optedOut: true },
      ], "update", "import"),
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["created", "created", "created", "updated", "updated", "updated"]);
    const ids = outcomes.map((outcome) => (outcome.kind === "failed" ? null : outcome.id));
    expect(ids[3]).toBe(existing?.kind === "created" ? existing.id : "missing");
    expect(ids[4]).toBe(ids[1]);
    expect(ids[5]).toBe(ids[0]);
    const rows = await inAccount(account, (tx) => tx<{ id: string; phoneE164: string | null; bsuid: string; name: string; optOutSource: string | null; tags: string[] }[]>`
      select c.id, c.phone_e164, c.bsuid, c.name, c.opt_out_source, array(select tag from contact_tags t where t.contact_id = c.id order by tag) as tags
        from contacts c order by c.bsuid`);
    expect(rows).toEqual([
      { id: ids[3], phoneE164: "+14155550203", bsuid: "US.500", name: "Linked", optOutSource: null, tags: ["b"] },
      { id: ids[0], phoneE164: null, bsuid: "US.501", name: "User id only", optOutSource: "import", tags: ["a", "d"] },
      { id: ids[2], phoneE164: "+14155550202", bsuid: "US.502", name: "Both", optOutSource: null, tags: [] },
      { id: ids[1], phoneE164: "+14155550201", bsuid: "US.503", name: "Phone only again", optOutSource: null, tags: ["c"] },
    ]);
  });
});

const messyCsv = [
  "\uFEFFPhone;Full name;Tags;Order ID;Favourite colour",
  '+44 7911 123456;"Lovelace; Ada";vip;A-1;green',
  "07400 123456;Grace Hopper;;A-2;",
  ";;;;",
  "not a number;Broken Row;;A-3;",
  "+1 415 555 0104;\"Quoted \"\"Nick\"\" Name\";vip|new;A-4;blue",
  "+44 7911 123456;Ada again;;A-5;",
].join("\r\n");

async function uploaded(account: TestAccount, text: string | Buffer, filename?: string) {
  const stored = await storeContactUpload(account.access, upload(text, filename), null);
  if (!stored.ok) throw new Error(stored.error);
  return stored.importId;
}

describe("importing a CSV", () => {
  it("reads a semicolon file with a BOM, quotes and CRLF, imports the good rows and explains the bad ones", async () => {
    const account = await createAccount();
    const importId = await uploaded(account, messyCsv);
    const stored = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(stored).toMatchObject({ status: "uploaded", delimiter: ";", columns: ["Phone", "Full name", "Tags", "Order ID", "Favourite colour"] });
    const preview = await inAccount(account, (tx) => previewContactImport(tx, stored!));
    expect(preview.rows[0]).toEqual(["+44 7911 123456", "Lovelace; Ada", "vip", "A-1", "green"]);
    expect(preview.suggested.map((column) => column.field)).toEqual(["phone", "name", "tags", "ignore", "ignore"]);
    expect(preview.unknown).toEqual(["Order ID", "Favourite colour"]);

    const started = await startContactImport(account.access, importId, {
      column_0: "phone", column_1: "name", column_2: "tags", column_3: "attribute", attribute_3: "order_id", column_4: "ignore",
      mode: "update", tag: "Spring Fair", defaultCountry: "GB",
    });
    expect(started).toEqual({ ok: true });
    expect(await startContactImport(account.access, importId, { column_0: "phone", mode: "update" })).toMatchObject({ ok: false });
    const queued = await owner`select count(*)::int as n from graphile_worker.jobs where key = ${`import-contacts:${importId}`}`;
    expect(queued[0]?.n).toBe(1);

    expect(await runContactImport({ workspaceId: account.access.workspace.id, importId })).toBe("completed");
    const done = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(done).toMatchObject({ status: "completed", processedRows: 6, createdCount: 3, updatedCount: 1, skippedCount: 0, failedCount: 1, emptyCount: 1 });
    const contacts = (await page(account)).contacts;
    const ada = contacts.find((contact) => contact.phoneE164 === "+447911123456");
    expect(ada).toMatchObject({ name: "Ada again", tags: ["spring fair", "vip"], attributes: { order_id: "A-5" } });
    expect(contacts.find((contact) => contact.phoneE164 === "+14155550104")).toMatchObject({ name: 'Quoted "Nick" Name', tags: ["new", "spring fair", "vip"] });

    const failures = await collect(importFailuresCsv(account.access, importId, done!.columns!));
    expect(failures).toBe('row,Phone,Full name,Tags,Order ID,Favourite colour,reason\r\n5,not a number,Broken Row,,A-3,,"""not a number"" is not a phone number"\r\n');
    const [chunks] = await inAccount(account, (tx) => tx<{ n: number }[]>`select count(*)::int as n from contact_import_chunks where import_id = ${importId}`);
    expect(chunks?.n).toBe(0);
  });

  it("skips contacts that exist when asked to, and imports nothing twice when run again", async () => {
    const account = await createAccount();
    await saveContact(account.access, null, { phone: "+447911123456", name: "Kept name", tags: "", attributes: "" });
    const importId = await uploaded(account, messyCsv);
    await startContactImport(account.access, importId, { column_0: "phone", column_1: "name", mode: "skip", defaultCountry: "GB" });
    await runContactImport({ workspaceId: account.access.workspace.id, importId });
    expect(await runContactImport({ workspaceId: account.access.workspace.id, importId })).toBe("not-queued");
    const done = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(done).toMatchObject({ createdCount: 2, updatedCount: 0, skippedCount: 2, failedCount: 1, emptyCount: 1 });
    expect((await page(account, "q=%2B447911")).contacts.map((contact) => contact.name)).toEqual(["Kept name"]);
  });

  it("continues after an interruption without losing or repeating a row", async () => {
    const account = await createAccount();
    const rows = Array.from({ length: 1_000 }, (_, index) => `+1415555${String(index).padStart(4, "0")},Person ${index}`);
    const importId = await uploaded(account, ["phone,name", ...rows, "bad,Bad"].join("\n"));
    await startContactImport(account.access, importId, { column_0: "phone", column_1: "name", mode: "update" });
    const stop = new AbortController();
    stop.abort();
    const ws = account.access.workspace.id;
    expect(await runContactImport({ workspaceId: ws, importId, signal: stop.signal, batchSize: 300 })).toBe("interrupted");
    const halfway = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(halfway).toMatchObject({ status: "running", processedRows: 300, createdCount: 300 });
    expect(halfway!.processedBytes).toBeGreaterThan(0);
    expect(await runContactImport({ workspaceId: ws, importId, batchSize: 300 })).toBe("completed");
    const done = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(done).toMatchObject({ status: "completed", processedRows: 1_001, createdCount: 1_000, failedCount: 1 });
    const [count] = await inAccount(account, (tx) => tx<{ n: number }[]>`select count(*)::int as n from contacts`);
    expect(count?.n).toBe(1_000);
  });

  it("imports a 200,000-row file whole, each row once, across an interruption", { timeout: 180_000 }, async () => {
    const account = await createAccount();
    const rows = Array.from({ length: 200_000 }, (_, index) => `+14155${String(index).padStart(6, "0")},Person ${index}`);
    const importId = await uploaded(account, ["phone,name", ...rows].join("\n"));
    await startContactImport(account.access, importId, { column_0: "phone", column_1: "name", mode: "update" });
    const stop = new AbortController();
    stop.abort();
    const ws = account.access.workspace.id;
    expect(await runContactImport({ workspaceId: ws, importId, signal: stop.signal })).toBe("interrupted");
    expect(await runContactImport({ workspaceId: ws, importId })).toBe("completed");
    const done = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(done).toMatchObject({ status: "completed", processedRows: 200_000, createdCount: 200_000, updatedCount: 0, failedCount: 0 });
    const [count] = await inAccount(account, (tx) => tx<{ n: number; phones: number; last: string }[]>`
      select count(*)::int as n, count(distinct phone_e164)::int as phones, max(phone_e164) as last from contacts`);
    expect(count).toEqual({ n: 200_000, phones: 200_000, last: "+14155199999" });
  });

  it("stops at a quote that is never closed, keeping the rows before it", async () => {
    const account = await createAccount();
    const importId = await uploaded(account, `phone,name\n+14155550105,Fine\n+14155550106,"Open quote\n${"x".repeat(200_000)}`);
    await startContactImport(account.access, importId, { column_0: "phone", column_1: "name", mode: "update" });
    expect(await runContactImport({ workspaceId: account.access.workspace.id, importId })).toBe("failed");
    const done = await inAccount(account, (tx) => readContactImport(tx, importId));
    expect(done?.error).toBe("The file could not be read from row 3 on (a quote is opened and never closed). The rows before it were imported.");
    expect(done?.createdCount).toBe(1);
  });

  it("ends an import whose job fails on its last attempt, so its page stops waiting", async () => {
    const account = await createAccount();
    const importId = await uploaded(account, messyCsv);
    await startContactImport(account.access, importId, { column_0: "phone", mode: "update" });
    await inAccount(account, (tx) => tx`update contact_imports set mapping = '{"columns": []}' where id = ${importId}`);
    const helpers = (attempts: number) => ({ job: { attempts, max_attempts: 10 }, abortSignal: new AbortController().signal, logger: { info: () => undefined } }) as unknown as JobHelpers;
    const payload = { workspaceId: account.access.workspace.id, importId };
    await expect(importContactsTask(payload, helpers(9))).rejects.toThrow();
    expect(await inAccount(account, (tx) => tx`select status from contact_imports where id = ${importId}`)).toEqual([{ status: "queued" }]);
    await expect(importContactsTask(payload, helpers(10))).rejects.toThrow();
    const [ended] = await inAccount(account, (tx) => tx<{ status: string; error: string }[]>`select status, error from contact_imports where id = ${importId}`);
    expect(ended).toEqual({ status: "failed", error: expect.stringMatching(/^The import stopped after repeated errors/) });
  });

  it("refuses files that are not CSV, empty, headerless or over the size limit, keeping nothing", async () => {
    const account = await createAccount();
    const refuse = async (file: UploadedFile, declared: number | null = null) => {
      const result = await storeContactUpload(account.access, file, declared);
      return result.ok ? "stored" : result.error;
    };
    expect(await refuse(upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "contacts.xlsx"))).toMatch(/Excel/);
    expect(await refuse(upload(""))).toBe("The file is empty.");
    expect(await refuse(upload("+447911123456,Ada\n+447700900123,Grace\n"))).toMatch(/first row should name the columns/);
    expect(await refuse(upload("phone,name\n"))).toMatch(/has no rows/);
    expect(await refuse(upload("x"), maxImportBytes + 1_000_000)).toMatch(/larger than 50 MB/);
    const big = Buffer.alloc(maxImportBytes + 10, "a");
    big.write("phone,name\n");
    for (let offset = 1_000; offset < big.length; offset += 1_000) big[offset] = 0x0a;
    expect(await refuse(upload(big, "big.csv", 1024 * 1024))).toMatch(/larger than 50 MB/);
    const [left] = await inAccount(account, (tx) => tx`select (select count(*) from contact_imports)::int as imports, (select count(*) from contact_import_chunks)::int as chunks`);
    expect(left).toEqual({ imports: 0, chunks: 0 });
  });
});

describe("uploads never imported", () => {
  it("are deleted with their file after a week, while recent ones stay", async () => {
    const account = await createAccount();
    const stale = await uploaded(account, messyCsv);
    const fresh = await uploaded(account, messyCsv);
    await inAccount(account, (tx) => tx`update contact_imports set updated_at = now() - interval '8 days' where id = ${stale}`);
    await purgeExpired({}, { logger: { info: () => undefined } } as unknown as JobHelpers);
    const left = await inAccount(account, (tx) => tx<{ importId: string }[]>`select distinct import_id from contact_import_chunks`);
    expect(left).toEqual([{ importId: fresh }]);
    expect(await inAccount(account, (tx) => readContactImport(tx, stale))).toBeNull();
  });
});

describe("bulk actions and export", () => {
  it("tags everything a search matches, deletes ticked rows, and exports a CSV the import reads back", async () => {
    const account = await createAccount();
    const ws = account.access.workspace.id;
    await inAccount(account, (tx) =>
      upsertContacts(tx, ws, [
        { phone: "+447911123456", bsuid: null, username: null, name: "Ada Lovelace", tags: [], attributes: { city: "London" }, optedOut: false },
        { phone: "+447400123456", bsuid: null, username: null, name: "Adam Smith", tags: [], attributes: {}, optedOut: true },
        { phone: "+14155550107", bsuid: "US.5", username: null, name: "Bob", tags: [], attributes: {}, optedOut: false },
      ], "update", "import"),
    );
    const form = (fields: [string, string][]) => {
      const data = new FormData();
      for (const [key, value] of fields) data.append(key, value);
      return data;
    };
    expect(await applyBulkAction(account.access, form([["action", "add-tag"], ["scope", "filter"], ["bulkTag", "Ad"], ["q", "ada"]]))).toEqual({ ok: true, action: "add-tag", count: 2 });
    expect((await page(account, "tag=ad")).contacts).toHaveLength(2);
    const bob = (await page(account, "q=bob")).contacts[0]!;
    expect(await applyBulkAction(account.access, form([["action", "delete"], ["scope", "selected"], ["ids", bob.id]]))).toEqual({ ok: true, action: "delete", count: 1 });
    expect(await applyBulkAction(account.access, form([["action", "delete"], ["scope", "selected"]]))).toMatchObject({ ok: false, errors: { ids: expect.stringMatching(/Tick/) } });

    const csv = await collect(exportContacts(account.access, filter("")));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("phone,bsuid,username,name,tags,opted_out,opted_out_at,opt_out_source,created_at,attributes.city");
    expect(lines).toHaveLength(3);
    expect(csv).toContain("+447400123456,,,Adam Smith,ad,yes,");

    const other = await createAccount();
    const importId = await uploaded(other, csv);
    const stored = await inAccount(other, (tx) => readContactImport(tx, importId));
    const preview = await inAccount(other, (tx) => previewContactImport(tx, stored!));
    expect(preview.unknown).toEqual([]);
    const mapping = Object.fromEntries(preview.suggested.flatMap((column, index) => [[`column_${index}`, column.field], ...(column.field === "attribute" ? [[`attribute_${index}`, column.key]] : [])]));
    expect(await startContactImport(other.access, importId, { ...mapping, mode: "update" })).toEqual({ ok: true });
    await runContactImport({ workspaceId: other.access.workspace.id, importId });
    const copied = (await page(other)).contacts.map(({ phoneE164, name, tags, attributes, optedOutAt }) => ({ phoneE164, name, tags, attributes, optedOut: optedOutAt !== null }));
    expect(copied.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { phoneE164: "+447911123456", name: "Ada Lovelace", tags: ["ad"], attributes: { city: "London" }, optedOut: false },
      { phoneE164: "+447400123456", name: "Adam Smith", tags: ["ad"], attributes: {}, optedOut: true },
    ]);
  });
});
