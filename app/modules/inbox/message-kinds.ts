// How each WhatsApp message type reads in the inbox when it has no text of its own. Shared by the
// server (the list's preview line) and the thread's rendering in the browser.

const typeLabels: Record<string, string> = {
  text: "Message",
  image: "Photo",
  video: "Video",
  audio: "Voice message",
  sticker: "Sticker",
  document: "Document",
  location: "Location",
  contacts: "Contact card",
  reaction: "Reaction",
  button: "Button reply",
  interactive: "Button reply",
  template: "Template",
};

export function messageTypeLabel(type: string): string {
  return typeLabels[type] ?? "Unsupported message";
}

/** Whether the thread knows how to show this type; anything else says so in plain words. */
export function isSupportedType(type: string): boolean {
  return type in typeLabels;
}

/** The list's one line: the message's text, else what kind of message it was. */
export function previewOf(type: string, body: string | null): string {
  const text = body?.trim();
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  return messageTypeLabel(type);
}
