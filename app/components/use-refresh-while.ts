// Re-runs the page's loaders every few seconds while `waiting` holds, so a status decided elsewhere
// (Meta's review arriving by webhook) shows without a reload. Pauses while the tab is hidden.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

export function useRefreshWhile(waiting: boolean, intervalMs = 3_000): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [waiting, intervalMs, revalidator]);
}
