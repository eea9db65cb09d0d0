// Server-sent events for an open inbox: a "change" event whenever the workspace's inbox changes, so
// the page reloads its data at once instead of polling. The stream closes after a few minutes and
// the browser reconnects, which re-checks the session and membership.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { subscribeToInbox } from "~/modules/inbox/inbox-events.server";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";

const streamLifetimeMs = 5 * 60_000;
const keepAliveMs = 25_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params);
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = subscribeToInbox(access.workspace.id, () => send("event: change\ndata: {}\n\n"));
      const keepAlive = setInterval(() => send(": keep-alive\n\n"), keepAliveMs);
      const lifetime = setTimeout(() => stop(), streamLifetimeMs);
      stop = () => {
        clearInterval(keepAlive);
        clearTimeout(lifetime);
        unsubscribe();
        stop = () => {};
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      request.signal.addEventListener("abort", () => stop());
      send("retry: 2000\nevent: ready\ndata: {}\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}
