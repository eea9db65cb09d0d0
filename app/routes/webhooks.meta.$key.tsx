import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerWebhookHandshake, maxWebhookBytes, receiveWebhook } from "~/modules/whatsapp/receive-webhook.server";

function reply({ status, body }: { status: number; body: string }): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return reply(await answerWebhookHandshake(params.key ?? "", new URL(request.url).searchParams));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return reply({ status: 405, body: "Use POST" });
  if (Number(request.headers.get("content-length") ?? 0) > maxWebhookBytes) return reply({ status: 413, body: "Webhook body too large" });
  const body = Buffer.from(await request.arrayBuffer());
  return reply(await receiveWebhook(params.key ?? "", body, request.headers.get("x-hub-signature-256")));
}
