// The keyset position of a row in a newest-first list (contacts by creation, conversations by their
// last message): its time to the microsecond and its id, carried in page links as one opaque URL-safe
// token. Times are read as text (to_char) because a JavaScript Date would lose the microseconds.
import { z } from "zod";

export interface KeysetCursor {
  at: string;
  id: string;
}

const Position = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  z.string().uuid(),
]);

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(`${cursor.at} ${cursor.id}`, "utf8").toString("base64url");
}

/** A cursor from a URL, or null when it is missing or was tampered with (the list then starts over). */
export function decodeCursor(token: string | null | undefined): KeysetCursor | null {
  if (!token || token.length > 200) return null;
  const parsed = Position.safeParse(Buffer.from(token, "base64url").toString("utf8").split(" "));
  return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
}
