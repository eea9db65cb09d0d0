// The keyset position of a contact in the list (newest first): its creation time to the microsecond
// and its id, carried in page links as one opaque URL-safe token.
import { z } from "zod";

export interface ContactCursor {
  createdAt: string;
  id: string;
}

const Position = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  z.string().uuid(),
]);

export function encodeCursor(cursor: ContactCursor): string {
  return Buffer.from(`${cursor.createdAt} ${cursor.id}`, "utf8").toString("base64url");
}

/** A cursor from a URL, or null when it is missing or was tampered with (the list then starts over). */
export function decodeCursor(token: string | null | undefined): ContactCursor | null {
  if (!token || token.length > 200) return null;
  const parsed = Position.safeParse(Buffer.from(token, "base64url").toString("utf8").split(" "));
  return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : null;
}
