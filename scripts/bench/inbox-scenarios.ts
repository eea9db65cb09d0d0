// The team inbox at scale: a workspace connected to WhatsApp with 100,000 conversations and about
// 1,000,000 messages (other workspaces beside it), the list and thread pages' server time under a few
// concurrent clients; then live updates: a signed inbound-message webhook posted to the web server,
// applied by a worker, until the open inbox's event stream says "change" and the list shows the text.
// Imports the app, so DATABASE_URL and META_GRAPH_URL must be settled first.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { roleUrl } from "../../db/config";
import { startWorker } from "../../jobs/runner";
import { listConversations, findVisibleConversation, readThread } from "../../app/modules/inbox/read-inbox.server";
import type { InboxTab } from "../../app/modules/inbox/inbox-views";
import { inWorkspace, type WorkspaceAccess } from "../../app/modules/workspaces/memberships.server";
import { workspaceAccessAs } from "../db/workspace-access";
import { createAccount, type BenchAccount } from "./db-scenarios";
import { cookieHeader, openEventStream, type Client } from "./http";
import { loadPage, type LoadRun } from "./http-scenarios";
import { ms, renderTable, summarize } from "./stats";
import { connectBenchWhatsApp, messagesWebhook, webhookSignature, type MetaAccount } from "./whatsapp-connection";

export interface InboxPlan {
  /** Conversations in the measured workspace; about `messagesPerThread` messages each, but `longThreads` of `longThreadMessages`. */
  conversations: number;
  messagesPerThread: number;
  longThreads: number;
  longThreadMessages: number;
  otherWorkspaces: number;
  otherConversations: number;
  page: { concurrency: number; maxRequests: number; maxSeconds: number };
  /** Inbound messages posted one at a time while an inbox is open. */
  deliveries: number;
}

export const inboxTargets = { pageServerP95Ms: 100, liveMs: 1_000 };

export interface InboxRun {
  seed: { conversations: number; messages: number; otherMessages: number; seconds: number };
  pages: { label: string; rows: number; run: LoadRun }[];
  live: { changeMs: number[]; visibleMs: number[]; failures: string[] };
}

const meta: MetaAccount = {
  wabaId: "199000000000002",
  accessToken: "EAABENCH-INBOX-TOKEN",
  appSecret: "benchinboxsecret000000000000000b",
  phoneNumbers: [{ id: "199100000000002", displayPhoneNumber: "+1 555-019-0002", verifiedName: "Bench Inbox" }],
};

const firstNames = ["Ada", "Grace", "Alan", "Maria", "Mohammed", "Wei", "Olga", "Kwame", "Ana", "Lucas", "Fatima", "Hiro", "Sofia", "Omar", "Elena", "Raj", "Chloe", "Ivan", "Aisha", "Mateo"];
const lastNames = ["Lovelace", "Hopper", "Turing", "Garcia", "Khan", "Zhang", "Petrova", "Mensah", "Silva", "Martin", "Haddad", "Tanaka", "Rossi", "Farouk", "Novak", "Patel", "Dubois", "Smirnov", "Bello", "Lopez"];

/** What customers and agents write; "invoice" is in one line of forty, so a search for it has many matches. */
const phrases = [
  "Hi, is my order on its way?",
  "Thanks, that was quick!",
  "Can I change the delivery address to my office?",
  "The parcel arrived damaged, what should I do?",
  "Do you have this in a larger size?",
  "I would like to return the shoes I bought last week",
  "When will the blue jacket be back in stock?",
  "Your order has been shipped and should arrive tomorrow.",
  "Could you send me the invoice for my last purchase please?",
  "We are sorry for the delay, the courier had a problem.",
  "Is there a discount for ordering ten or more?",
  "What time do you open on Saturday?",
  "The tracking link does not work for me",
  "Great, see you then",
  "Can I pay by bank transfer?",
  "Your refund has been processed and will show in 3 to 5 days.",
  "I never received the confirmation email",
  "Please cancel my subscription from next month",
  "Is the store in the city centre still open?",
  "Thank you for your patience, we have found your parcel.",
  "How long does shipping to Portugal take?",
  "The coffee machine makes a strange noise",
  "Can you hold the item for me until Friday?",
  "We have sent a replacement by express delivery.",
  "My discount code is not accepted at checkout",
  "Do you deliver on Sundays?",
  "Perfect, thanks a lot",
  "I was charged twice for the same order",
  "Your appointment is confirmed for Tuesday at 10:00.",
  "Could you call me back this afternoon?",
  "Is the gift wrapping free?",
  "The size guide says medium but it is too small",
  "We will check with the warehouse and come back to you.",
  "Where can I find the user manual?",
  "Can I collect the order from the shop instead?",
  "The colour is different from the photo",
  "Happy to help, have a nice day!",
  "Please confirm your postcode so we can check delivery.",
  "Ok",
  "Is it possible to add one more item to my order?",
];
const commonWord = "invoice";
/** In about one message in a thousand. */
const rareWord = "warranty";
const rarePhrase = "Does the warranty cover water damage?";

interface SeedShape {
  workspaceId: string;
  phoneNumberId: string;
  ownerId: string;
  agentId: string | null;
  conversations: number;
  messagesPerThread: number;
  longThreads: number;
  longThreadMessages: number;
  /** Distinct phone number ranges per workspace. */
  numberBase: number;
}

/**
 * Contacts, one conversation each and its messages, set-based as the owner role in the workspace's
 * identity (row-level security is forced on the owner too). Conversation i's newest message is at
 * `stamp` minus a permutation of i, so list order differs from insertion order; a quarter are
 * resolved, a fifth assigned to the owner and a tenth to the agent, a third of the open ones unread.
 * Returns the number of messages stored.
 */
async function seedInbox(owner: postgres.Sql, shape: SeedShape, stamp: Date, say: (line: string) => void): Promise<number> {
  const { workspaceId: ws, conversations: n } = shape;
  const identity = (tx: postgres.TransactionSql) => tx`select set_config('app.workspace_id', ${ws}, true)`;
  // Expressions of a conversation's ordinal i and a message's position k (0 is the newest), shared by
  // the inserts below; $1 is the stamp, $2 the rare phrase, $3 the phrases.
  const newest = `($1::timestamptz - ((i::bigint * 7919) % ${n}) * interval '20 seconds')`;
  const direction = `(case when (i + k) % 3 = 1 then 'outbound' else 'inbound' end)`;
  const body = `(case when (i * 7 + k * 3) % 997 = 0 then $2::text
                      else ($3::text[])[1 + (i * 31 + k * 17) % ${phrases.length}]
                           || case when (i + k) % 4 = 0 then ' Order ' || (10000 + (i * 131 + k * 7) % 90000) else '' end end)`;
  const length = `(case when i <= ${shape.longThreads} then ${shape.longThreadMessages} else ${shape.messagesPerThread} + (i * 7919) % 11 - 5 end)`;
  const ordinal = `(substr(ct.phone_e164, 6)::int - ${shape.numberBase})`;
  const expressions = [stamp, rarePhrase, phrases] as never[];
  await owner.begin(async (tx) => {
    await identity(tx);
    await tx`
      insert into contacts (workspace_id, phone_e164, name)
      select ${ws}, '+4479' || lpad((${shape.numberBase} + i)::text, 8, '0'),
             (${firstNames}::text[])[1 + (i * 7) % 20] || ' ' || (${lastNames}::text[])[1 + (i * 13) % 19]
        from generate_series(1, ${n}::int) as i`;
    await tx.unsafe(
      `insert into conversations (workspace_id, contact_id, phone_number_id, status, assigned_to, last_inbound_at, last_message_at,
                                  unread_count, last_message_preview, last_message_direction, created_at, updated_at)
       select $4, id, $5, case when i % 4 = 0 then 'resolved' else 'open' end,
              case when i % 10 < 2 then $6::uuid when i % 10 = 2 then $7::uuid end,
              ${newest} - case when ${direction} = 'outbound' then interval '7 minutes' else interval '0' end, ${newest},
              case when i % 4 <> 0 and i % 3 = 0 then 1 + i % 5 else 0 end, ${body}, ${direction},
              ${newest} - interval '30 days', ${newest}
         from (select ct.id, ${ordinal} as i, 0 as k from contacts ct where ct.phone_e164 like '+4479%') as numbered`,
      [...expressions, ws, shape.phoneNumberId, shape.ownerId, shape.agentId] as never[],
    );
  });
  let messages = 0;
  const batch = 10_000;
  for (let start = 1; start <= n; start += batch) {
    const end = Math.min(n, start + batch - 1);
    await owner.begin(async (tx) => {
      await identity(tx);
      const inserted = await tx.unsafe(
        `insert into conversation_messages (workspace_id, conversation_id, direction, wamid, type, body, payload, status, sent_by,
                                            occurred_at, created_at, updated_at)
         select $4, id, direction, 'wamid.bench.' || i || '.' || k, 'text', body, jsonb_build_object('type', 'text', 'text', jsonb_build_object('body', body)),
                case when direction = 'outbound' then 'read' end, case when direction = 'outbound' then $5::uuid end, at, at, at
           from (select c.id, i, k, ${newest} - k * interval '7 minutes' as at, ${direction} as direction, ${body} as body
                   from (select ct_c.id, ${ordinal} as i
                           from conversations ct_c join contacts ct on ct.id = ct_c.contact_id
                          where ${ordinal} between $6 and $7) as c
                  cross join lateral generate_series(0, ${length} - 1) as k) as m`,
        [...expressions, ws, shape.ownerId, start, end] as never[],
      );
      messages += inserted.count;
    });
    if (end % 50_000 === 0 || end === n) say(`  ${end.toLocaleString("en")} of ${n.toLocaleString("en")} conversations: ${messages.toLocaleString("en")} messages`);
  }
  // The long threads also carry the team's notes, so a thread page merges both.
  await owner.begin(async (tx) => {
    await identity(tx);
    await tx.unsafe(
      `insert into conversation_notes (workspace_id, conversation_id, author_id, body, created_at)
       select $1, c.id, $2, 'Checked with the warehouse, note ' || j, c.last_message_at - j * interval '11 hours'
         from conversations c join contacts ct on ct.id = c.contact_id
        cross join generate_series(1, 20) as j
        where ${ordinal} <= ${shape.longThreads}`,
      [ws, shape.ownerId],
    );
  });
  return messages;
}

export interface SeededInbox {
  account: BenchAccount;
  access: WorkspaceAccess;
  webhookKey: string;
  seed: InboxRun["seed"];
}

/** The measured workspace, connected to WhatsApp, with an agent beside its owner; other workspaces with inboxes of their own. */
export async function seedInboxWorkspaces(emulatorOrigin: string, plan: InboxPlan, say: (line: string) => void): Promise<SeededInbox> {
  const account = await createAccount("inbox");
  const { webhookKey } = await connectBenchWhatsApp(emulatorOrigin, account, meta);
  const others: BenchAccount[] = [];
  for (let index = 1; index <= plan.otherWorkspaces; index++) others.push(await createAccount(`other${index}`));
  const agent = others[0] ?? null;
  const owner = postgres(roleUrl("owner"), { max: 1, onnotice: () => undefined });
  const started = performance.now();
  const stamp = new Date();
  const shape = { messagesPerThread: plan.messagesPerThread, longThreads: plan.longThreads, longThreadMessages: plan.longThreadMessages };
  try {
    if (agent) {
      await owner.begin(async (tx) => {
        await tx`select set_config('app.workspace_id', ${account.workspaceId}, true)`;
        await tx`insert into memberships (workspace_id, user_id, role) values (${account.workspaceId}, ${agent.userId}, 'agent')`;
      });
    }
    say(`seeding ${plan.conversations.toLocaleString("en")} conversations of about ${plan.messagesPerThread} messages (${plan.longThreads} of ${plan.longThreadMessages.toLocaleString("en")})`);
    const phoneNumberId = meta.phoneNumbers[0]?.id ?? "";
    const messages = await seedInbox(owner, { ...shape, workspaceId: account.workspaceId, phoneNumberId, ownerId: account.userId, agentId: agent?.userId ?? null, conversations: plan.conversations, numberBase: 0 }, stamp, say);
    let otherMessages = 0;
    for (const [index, other] of others.entries()) {
      say(`seeding ${plan.otherConversations.toLocaleString("en")} conversations in another workspace`);
      otherMessages += await seedInbox(
        owner,
        { ...shape, workspaceId: other.workspaceId, phoneNumberId: "199100000000099", ownerId: other.userId, agentId: null, conversations: plan.otherConversations, numberBase: (index + 1) * 1_000_000 },
        stamp,
        say,
      );
    }
    say("vacuuming and analyzing");
    // VACUUM as well: autovacuum has long since marked the pages of an inbox filled over months
    // all-visible, which is what lets index-only scans skip the table; fresh seed rows are not yet.
    const tables = ["contacts", "conversations", "conversation_messages", "conversation_message_words", "conversation_notes", "memberships"];
    for (const table of tables) await owner.unsafe(`vacuum analyze ${table}`);
    const seconds = (performance.now() - started) / 1000;
    say(`seeded in ${seconds.toFixed(1)} s`);
    const access = await workspaceAccessAs(account.userId, account.slug);
    return { account, access, webhookKey, seed: { conversations: plan.conversations + plan.otherWorkspaces * plan.otherConversations, messages, otherMessages, seconds } };
  } finally {
    await owner.end();
  }
}

/** The cursor of the list page `page` (1 being the first), found by paging as a member would. */
async function listCursor(access: WorkspaceAccess, tab: InboxTab, page: number): Promise<string> {
  let after: string | null = null;
  for (let current = 1; current < page; current++) {
    const cursor: string | null = after;
    after = (await inWorkspace(access, (tx) => listConversations(tx, access, { tab, q: "", after: cursor }))).next;
    if (!after) throw new Error(`the ${tab} list has fewer than ${page} pages`);
  }
  if (!after) throw new Error("page 1 has no cursor");
  return after;
}

/** The conversation of the longest thread, and the cursor `pages` pages back from its newest. */
async function longThread(access: WorkspaceAccess, pages: number): Promise<{ id: string; older: string }> {
  return inWorkspace(access, async (tx) => {
    const [longest] = await tx<{ id: string }[]>`
      select conversation_id as id from conversation_messages group by conversation_id order by count(*) desc limit 1`;
    const conversation = longest ? await findVisibleConversation(tx, access, longest.id) : null;
    if (!conversation) throw new Error("no long thread");
    let before: string | null = null;
    for (let page = 0; page < pages; page++) {
      before = (await readThread(tx, conversation, before)).older;
      if (!before) throw new Error(`the long thread has fewer than ${pages} pages`);
    }
    return { id: conversation.id, older: before ?? "" };
  });
}

async function typicalThread(access: WorkspaceAccess): Promise<string> {
  const [row] = await inWorkspace(access, (tx) => tx<{ id: string }[]>`
    select conversation_id as id from conversation_messages group by conversation_id having count(*) = 10 limit 1`);
  if (!row) throw new Error("no thread of 10 messages");
  return row.id;
}

export async function measureInboxPages(client: Client, cookies: Record<string, string>, seeded: SeededInbox, plan: InboxPlan, say: (line: string) => void): Promise<InboxRun["pages"]> {
  const { access } = seeded;
  const base = `/w/${access.workspace.slug}/inbox`;
  const long = await longThread(access, 20);
  const scenarios = [
    { label: "list, first page (open)", path: base },
    { label: "list, page 100 (open)", path: `${base}?after=${await listCursor(access, "open", 100)}` },
    { label: "list, assigned to me", path: `${base}?tab=mine` },
    { label: "list, unassigned", path: `${base}?tab=unassigned` },
    { label: `search "${commonWord}" (in 1 message of 40)`, path: `${base}?q=${commonWord}` },
    { label: `search "${rareWord}" (in 1 message of 1,000)`, path: `${base}?q=${rareWord}` },
    { label: "thread of 10 messages", path: `${base}/${await typicalThread(access)}` },
    { label: `thread of ${plan.longThreadMessages.toLocaleString("en")}, newest page`, path: `${base}/${long.id}` },
    { label: `thread of ${plan.longThreadMessages.toLocaleString("en")}, 20 pages back`, path: `${base}/${long.id}?before=${long.older}` },
  ];
  const conversationLink = new RegExp(`href="${base}/[0-9a-f-]{36}`, "g");
  const pages: InboxRun["pages"] = [];
  for (const scenario of scenarios) {
    const check = await client.request("GET", scenario.path, { headers: { Cookie: cookieHeader(cookies) } });
    if (check.status !== 200) throw new Error(`GET ${scenario.path} answered ${check.status}`);
    // A thread page shows the list beside it; its rows are the thread's messages and notes.
    const thread = (check.body.match(/class="thread-(message|note)/g) ?? []).length;
    const rows = thread || (check.body.match(conversationLink) ?? []).length;
    await loadPage(client, { path: scenario.path, cookies, concurrency: plan.page.concurrency, maxRequests: 20, maxSeconds: 5 });
    say(`measuring GET inbox, ${scenario.label}`);
    pages.push({ label: scenario.label, rows, run: await loadPage(client, { path: scenario.path, cookies, ...plan.page }) });
  }
  return pages;
}

/**
 * With a worker running and the inbox's event stream open, posts signed inbound messages one at a
 * time (alternately from a seeded contact and from a new number) and times the "change" event and
 * the first list page that shows the message's text.
 */
export async function measureLiveInbox(client: Client, cookies: Record<string, string>, seeded: SeededInbox, plan: InboxPlan, say: (line: string) => void): Promise<InboxRun["live"]> {
  const live: InboxRun["live"] = { changeMs: [], visibleMs: [], failures: [] };
  const base = `/w/${seeded.access.workspace.slug}/inbox`;
  const worker = await startWorker();
  const stream = await openEventStream(client.origin, `${base}/events`, { Cookie: cookieHeader(cookies) });
  try {
    await stream.waitFor("ready", 0, 10_000);
    say(`posting ${plan.deliveries} inbound messages to the webhook with ${base}/events open`);
    const phoneNumberId = meta.phoneNumbers[0]?.id ?? "";
    for (let delivery = 0; delivery < plan.deliveries; delivery++) {
      const from = delivery % 2 === 0 ? `4479${String(500 + delivery).padStart(8, "0")}` : `4478${String(Date.now() % 1e8).padStart(8, "0")}`;
      const text = `Live check ${delivery} ${randomUUID().slice(0, 8)}`;
      const raw = messagesWebhook(phoneNumberId, {
        contacts: [{ wa_id: from, profile: { name: "Live Customer" } }],
        messages: [{ from, id: `wamid.live.${randomUUID()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: text } }],
      });
      const started = performance.now();
      const posted = await client.request("POST", `/webhooks/meta/${seeded.webhookKey}`, {
        headers: { "Content-Type": "application/json", "X-Hub-Signature-256": webhookSignature(raw, meta.appSecret) },
        body: raw.toString("utf8"),
      });
      if (posted.status !== 200) throw new Error(`the webhook answered ${posted.status}: ${posted.body}`);
      try {
        live.changeMs.push((await stream.waitFor("change", started, 10_000)) - started);
        const deadline = started + 10_000;
        for (;;) {
          const list = await client.request("GET", base, { headers: { Cookie: cookieHeader(cookies) } });
          if (list.status === 200 && list.body.includes(text)) {
            live.visibleMs.push(performance.now() - started);
            break;
          }
          if (performance.now() > deadline) throw new Error(`"${text}" not in the list within 10 s`);
        }
      } catch (error) {
        live.failures.push(error instanceof Error ? error.message : String(error));
      }
      // Apart, so each delivery is applied on its own, as messages usually arrive.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    stream.close();
    await worker.stop();
  }
  return live;
}

export function reportInbox(run: InboxRun, plan: InboxPlan): string[] {
  const { seed } = run;
  const lines = [
    `Inbox: ${plan.conversations.toLocaleString("en")} conversations and ${seed.messages.toLocaleString("en")} messages in the measured workspace, ` +
      `${(seed.conversations - plan.conversations).toLocaleString("en")} conversations and ${seed.otherMessages.toLocaleString("en")} messages in ${plan.otherWorkspaces} others; ` +
      `seeded, vacuumed and analyzed in ${seed.seconds.toFixed(1)} s; ${plan.page.concurrency} concurrent clients`,
    "",
    ...renderTable(
      ["GET /w/<slug>/inbox", "rows", "n", "server p50", "server p95", "client p95", "failures"],
      run.pages.map(({ label, rows, run: page }) => {
        const server = summarize(page.server);
        return [label, String(rows), String(server.count), ms(server.p50), ms(server.p95), ms(summarize(page.client).p95), String([...page.failures.values()].reduce((a, b) => a + b, 0))];
      }),
    ).split("\n"),
    "",
  ];
  const change = summarize(run.live.changeMs);
  const visible = summarize(run.live.visibleMs);
  lines.push(
    ...renderTable(
      ["Inbound message, from the webhook POST", "n", "p50", "p95", "max"],
      [
        ["until the open inbox's change event", String(change.count), ms(change.p50), ms(change.p95), ms(change.max)],
        ["until the list shows its text", String(visible.count), ms(visible.p50), ms(visible.p95), ms(visible.max)],
      ],
    ).split("\n"),
    "",
  );
  const worstP95 = Math.max(...run.pages.map((page) => summarize(page.run.server).p95));
  const liveMet = visible.count === plan.deliveries && visible.max < inboxTargets.liveMs;
  lines.push(
    ...renderTable(
      ["Target", "figure", "result"],
      [
        [`inbox list and thread server p95 < ${inboxTargets.pageServerP95Ms} ms (worst case)`, ms(worstP95), worstP95 < inboxTargets.pageServerP95Ms ? "met" : "NOT met"],
        [`new inbound message in the open inbox < ${inboxTargets.liveMs / 1000} s (every one of ${plan.deliveries})`, `max ${ms(visible.max)}`, liveMet ? "met" : "NOT met"],
      ],
      [0, 2],
    ).split("\n"),
  );
  if (run.live.failures.length > 0) lines.push("", `Live failures: ${run.live.failures.join("; ")}`);
  return lines;
}
