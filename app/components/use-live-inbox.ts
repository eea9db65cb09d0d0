// Keeps an open inbox current: the server pushes a "change" event (server-sent events) whenever the
// workspace's inbox changes, and the page re-runs its loaders at once; bursts are folded into one
// reload. A slow poll covers a stream that is reconnecting.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

const foldMs = 300;
const fallbackPollMs = 30_000;

export function useLiveInbox(workspaceSlug: string): void {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  useEffect(() => {
    revalidate.current = revalidator.revalidate;
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        revalidate.current();
      }, foldMs);
    };
    const source = new EventSource(`/w/${workspaceSlug}/inbox/events`);
    source.addEventListener("change", refresh);
    // Changes between the page's load and the stream's (re)connection would otherwise be missed.
    source.addEventListener("ready", refresh);
    const poll = setInterval(() => {
      if (document.visibilityState === "visible") refresh();
    }, fallbackPollMs);
    return () => {
      source.close();
      clearInterval(poll);
      clearTimeout(timer);
    };
  }, [workspaceSlug]);
}
