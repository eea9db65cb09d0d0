// The shared frame of every email: escaped text in a simple, readable HTML body.
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail({ subject, paragraphs, action }: {
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string };
}): RenderedEmail {
  const text = [...paragraphs, "", `${action.label}: ${action.url}`, "", "Kiana WhatsApp Panel · Kiana & Business Partner LLC"].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2937;max-width:560px;margin:auto;padding:24px">
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join("\n")}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0f766e;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#6b7280">If the button does not work, paste this link into your browser:<br>${escapeHtml(action.url)}</p>
<p style="font-size:13px;color:#6b7280">Kiana WhatsApp Panel · Kiana &amp; Business Partner LLC</p>
</body></html>`;
  return { subject, text, html };
}
