// Whether an inbound message asks the business to stop: the keywords STOP and UNSUBSCRIBE (and their
// Arabic equivalents) as the whole message, or a quick-reply button whose text or payload says so.

const keywords = new Set(["STOP", "UNSUBSCRIBE", "STOP ALL", "إيقاف", "ايقاف", "توقف", "إلغاء الاشتراك", "الغاء الاشتراك"]);
const buttonWords = /(^|[^a-z])(stop|unsubscribe|opt[\s_-]?out)([^a-z]|$)|إيقاف|ايقاف|توقف|إلغاء الاشتراك|الغاء الاشتراك/i;

export type InboundIntent = { kind: "text"; text: string } | { kind: "button"; text: string; payload: string } | { kind: "other" };

export function isOptOutRequest(intent: InboundIntent): boolean {
  if (intent.kind === "text") return keywords.has(intent.text.trim().replace(/\s+/g, " ").replace(/[.!]+$/, "").toUpperCase());
  if (intent.kind === "button") return buttonWords.test(intent.text) || buttonWords.test(intent.payload);
  return false;
}
