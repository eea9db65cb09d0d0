// The frame of every hosted page (Checkout, portal, invoice, receipt): escaping, a phone-first
// stylesheet and small building blocks, so the pages read like Stripe's without any script.
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const styles = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f9fc}
main{max-width:480px;margin:0 auto;padding:24px 16px 48px}
header{display:flex;justify-content:space-between;align-items:center;gap:12px;margin-bottom:16px}
h1{font-size:1.35rem;margin:0 0 4px}
h2{font-size:1.05rem;margin:0 0 12px}
.muted{color:#697386;font-size:.9rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(50,50,93,.15);padding:20px;margin-bottom:16px}
.amount{font-size:2rem;font-weight:600;margin:4px 0}
table{width:100%;border-collapse:collapse;font-size:.95rem}
td,th{padding:6px 0;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap;padding-left:12px}
tr.total td{font-weight:600;border-top:1px solid #e3e8ee}
label{display:block;font-weight:500;font-size:.9rem;margin:12px 0 4px}
input,select{width:100%;font-size:1rem;padding:10px 12px;border:1px solid #cfd7df;border-radius:6px;background:#fff}
input[aria-invalid=true]{border-color:#df1b41}
.row{display:flex;gap:12px}.row>div{flex:1}
.error{color:#df1b41;font-size:.9rem;margin:4px 0 0}
.notice{background:#e8f5e9;color:#1e5b28;border-radius:6px;padding:10px 12px;margin-bottom:16px}
button{width:100%;margin-top:16px;font-size:1rem;font-weight:600;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#635bff;border:1px solid #cfd7df}
a{color:#635bff}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:2px 8px;border-radius:10px;background:#e3e8ee}
.badge.paid,.badge.active,.badge.trialing{background:#d7f7c2;color:#05690d}
.badge.open,.badge.past_due{background:#fcedb9;color:#a82c00}
.badge.void,.badge.canceled,.badge.unpaid,.badge.uncollectible{background:#ffe7f2;color:#b3093c}
.test{background:#ffde92;color:#8d2b0b;text-align:center;font-size:.8rem;font-weight:600;padding:4px}
footer{text-align:center;margin-top:24px}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<div class="test">TEST MODE</div>
<main>
${body}
<footer class="muted">Powered by the Stripe emulator</footer>
</main>
</body>
</html>`;
}

export interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  error?: string | null;
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  placeholder?: string;
  readonly?: boolean;
  required?: boolean;
}

/** A labelled input with its error right below it, announced to screen readers. */
export function field(options: FieldOptions): string {
  const id = `field-${options.name}`;
  const errorId = `${id}-error`;
  const attributes = [
    `id="${id}"`,
    `name="${escapeHtml(options.name)}"`,
    `type="${options.type ?? "text"}"`,
    `value="${escapeHtml(options.value ?? "")}"`,
    options.autocomplete ? `autocomplete="${options.autocomplete}"` : "",
    options.inputmode ? `inputmode="${options.inputmode}"` : "",
    options.placeholder ? `placeholder="${escapeHtml(options.placeholder)}"` : "",
    options.readonly ? "readonly" : "",
    options.required ? "required" : "",
    options.error ? `aria-invalid="true" aria-describedby="${errorId}"` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const error = options.error ? `<p class="error" id="${errorId}" role="alert">${escapeHtml(options.error)}</p>` : "";
  return `<div><label for="${id}">${escapeHtml(options.label)}</label><input ${attributes}>${error}</div>`;
}

export function notFoundPage(what: string): string {
  return page("Not found", `<div class="card"><h1>${escapeHtml(what)} not found</h1><p class="muted">The link may be wrong or has expired.</p></div>`);
}
