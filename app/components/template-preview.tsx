// A message template drawn as the customer's WhatsApp shows it: header, body, footer and buttons,
// with sample values already filled in by the caller.
import type { RenderedTemplate } from "~/modules/whatsapp/template-variables";

const buttonIcons = { URL: "↗", PHONE_NUMBER: "✆", QUICK_REPLY: "↩", COPY_CODE: "⧉", OTHER: "•" } as const;

export function TemplatePreview({ template, label = "Preview" }: { template: RenderedTemplate; label?: string }) {
  const { header, body, footer, buttons } = template;
  return (
    <figure className="template-preview" aria-label={label}>
      <div className="bubble">
        {header?.kind === "text" ? <p className="bubble-header">{header.text}</p> : null}
        {header?.kind === "media" ? (
          <p className="bubble-media">{header.link ? `${header.format.toLowerCase()}: ${header.link}` : `${header.format.toLowerCase()} sample`}</p>
        ) : null}
        {header?.kind === "location" ? <p className="bubble-media">Location</p> : null}
        <p className="bubble-body">{body || <span className="muted">The message body appears here.</span>}</p>
        {footer ? <p className="bubble-footer">{footer}</p> : null}
      </div>
      {buttons.length > 0 ? (
        <ul className="bubble-buttons">
          {buttons.map((button, index) => (
            <li key={index}>
              <span aria-hidden="true">{buttonIcons[button.kind]}</span> {button.text}
              {button.kind === "URL" ? <span className="hint"> · {button.url}</span> : null}
              {button.kind === "PHONE_NUMBER" ? <span className="hint"> · {button.phoneNumber}</span> : null}
              {button.kind === "COPY_CODE" && button.code ? <span className="hint"> · {button.code}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
