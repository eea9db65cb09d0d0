// The control API under /__admin/: JSON over HTTP for `npm run dev` and out-of-process tests. Every
// route calls the same MetaEmulator method an in-process test would call.
import type { InboundInput, UserInput } from "./core";
import type { AccountInput, MessagingLimitTier, QualityRating, TemplateCategory, TemplateStatus } from "./options";
import type { AccountPatch, MetaEmulator } from "./server";

export interface AdminResponse {
  status: number;
  json: unknown;
}

type Obj = Record<string, unknown>;
const ID_ROUTES = new Set(["accounts", "templates", "phone-numbers"]);
const done = (json: unknown, status = 200): AdminResponse => ({ status, json });

export async function handleAdmin(emulator: MetaEmulator, method: string, path: string, query: URLSearchParams, body: Obj): Promise<AdminResponse> {
  const parts = path.replace(/^\/__admin\/?/, "").split("/").filter(Boolean);
  const route = `${method} /${parts.map((p, i) => (i === 1 && ID_ROUTES.has(parts[0] ?? "") ? ":id" : p)).join("/")}`;
  const id = parts[1] ?? "";
  try {
    switch (route) {
      case "GET /health":
        return done({ ok: true });
      case "GET /accounts":
        return done({ data: emulator.accounts() });
      case "POST /accounts":
        return done(emulator.provision(body as unknown as AccountInput), 201);
      case "GET /accounts/:id":
        return done(emulator.accounts().find((a) => a.wabaId === id) ?? null, emulator.accounts().some((a) => a.wabaId === id) ? 200 : 404);
      case "PATCH /accounts/:id":
        return done(emulator.updateAccount(id, body as AccountPatch));
      case "POST /accounts/:id/webhook": {
        const callbackUrl = body.callbackUrl;
        const verifyToken = body.verifyToken;
        if (typeof callbackUrl !== "string" || typeof verifyToken !== "string") return done({ error: "callbackUrl and verifyToken are required" }, 400);
        await emulator.setWebhook(id, callbackUrl, verifyToken);
        return done({ ok: true, callbackUrl });
      }
      case "GET /config":
        return done(emulator.config());
      case "PATCH /config":
        return done(emulator.configure(body));
      case "GET /requests":
        return done({
          data: emulator.requests({
            path: query.get("path") ?? undefined,
            method: query.get("method") ?? undefined,
            since: query.has("since") ? Number(query.get("since")) : undefined,
          }),
        });
      case "DELETE /requests":
        emulator.clearRequests();
        return done({ ok: true });
      case "GET /webhooks":
        return done({
          data: emulator.webhooks({
            wabaId: query.get("wabaId") ?? undefined,
            field: query.get("field") ?? undefined,
            since: query.has("since") ? Number(query.get("since")) : undefined,
          }),
        });
      case "DELETE /webhooks":
        emulator.clearWebhooks();
        return done({ ok: true });
      case "POST /inbound":
        return done(emulator.sendInbound(body as unknown as InboundInput));
      case "POST /users":
        return done(emulator.addUser(body as UserInput));
      case "POST /templates/:id/review":
        return done(emulator.reviewTemplate(id, body.status as TemplateStatus, typeof body.reason === "string" ? body.reason : undefined));
      case "POST /templates/:id/category":
        return done(emulator.changeTemplateCategory(id, body.category as TemplateCategory, { impending: body.impending === true }));
      case "POST /phone-numbers/:id/quality":
        return done(
          emulator.setQuality(id, {
            qualityRating: body.qualityRating as QualityRating | undefined,
            messagingLimitTier: body.messagingLimitTier as MessagingLimitTier | undefined,
            event: typeof body.event === "string" ? body.event : undefined,
          }),
        );
      case "PATCH /phone-numbers/:id":
        return done(emulator.updatePhoneNumber(id, body));
      case "POST /tokens/expire":
        if (typeof body.accessToken !== "string") return done({ error: "accessToken is required" }, 400);
        emulator.expireToken(body.accessToken);
        return done({ ok: true });
      case "POST /reset":
        emulator.reset();
        return done({ ok: true });
      case "POST /settle":
        await emulator.settle(typeof body.timeoutMs === "number" ? body.timeoutMs : undefined, typeof body.wabaId === "string" ? body.wabaId : undefined);
        return done({ ok: true });
      default:
        return done({ error: `no admin route ${method} ${path}` }, 404);
    }
  } catch (error) {
    return done({ error: error instanceof Error ? error.message : String(error) }, 400);
  }
}
