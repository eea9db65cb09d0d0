// Message template components: reads Meta's component JSON, checks {{1}} / {{name}} variables and
// their examples, builds the creation payload, and fills variables for previews and for sending.
import { z } from "zod";

export const templateCategories = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof templateCategories)[number];
export type ParameterFormat = "POSITIONAL" | "NAMED";
export const mediaFormats = ["IMAGE", "VIDEO", "DOCUMENT"] as const;
export type MediaFormat = (typeof mediaFormats)[number];
export const headerTypes = ["NONE", "TEXT", ...mediaFormats] as const;
export type HeaderType = (typeof headerTypes)[number];
export const draftButtonTypes = ["QUICK_REPLY", "URL", "PHONE_NUMBER"] as const;
export type DraftButtonType = (typeof draftButtonTypes)[number];

/** Meta's limits for each part of a template. */
export const limits = { headerText: 60, body: 1024, footer: 60, buttonText: 25, url: 2000, buttons: 10, urlButtons: 2, phoneButtons: 1, codeExpirationMinutes: 90 };

// Meta gives no example for an authentication template's code, so previews show this one.
const sampleOneTimeCode = "123456";

// ---------------------------------------------------------------------------------------------
// Meta's component JSON, as GET /message_templates returns it and POST accepts it. Types are read
// case-insensitively; parts this module does not know (carousels, flows…) are skipped, not fatal.

const upperCase = (input: unknown) => (typeof input === "string" ? input.toUpperCase() : input);
const typed = <T extends string>(type: T) => z.preprocess(upperCase, z.literal(type));
const NamedExample = z.object({ param_name: z.string(), example: z.string() });

const HeaderComponent = z.object({
  type: typed("HEADER"),
  format: z.preprocess(upperCase, z.enum(["TEXT", ...mediaFormats, "LOCATION"]).default("TEXT")),
  text: z.string().default(""),
  example: z
    .object({
      header_text: z.array(z.string()).optional(),
      header_text_named_params: z.array(NamedExample).optional(),
      header_handle: z.array(z.string()).optional(),
    })
    .optional(),
});

const BodyComponent = z.object({
  type: typed("BODY"),
  // Authentication templates are created without text: WhatsApp supplies it in the template's language.
  text: z.string().default(""),
  add_security_recommendation: z.boolean().optional(),
  example: z
    .object({
      body_text: z.array(z.array(z.string())).optional(),
      body_text_named_params: z.array(NamedExample).optional(),
    })
    .optional(),
});

const FooterComponent = z.object({
  type: typed("FOOTER"),
  text: z.string().default(""),
  code_expiration_minutes: z.number().int().optional(),
});

// Buttons are normalised to a `kind` each, so the rest of the module can switch over them safely.
const QuickReplyButton = z.object({ type: typed("QUICK_REPLY"), text: z.string() }).transform((button) => ({ kind: "QUICK_REPLY" as const, text: button.text }));
const UrlButton = z
  .object({ type: typed("URL"), text: z.string(), url: z.string(), example: z.array(z.string()).optional() })
  .transform((button) => ({ kind: "URL" as const, text: button.text, url: button.url, example: button.example?.[0] ?? null }));
const PhoneButton = z
  .object({ type: typed("PHONE_NUMBER"), text: z.string(), phone_number: z.string() })
  .transform((button) => ({ kind: "PHONE_NUMBER" as const, text: button.text, phoneNumber: button.phone_number }));
const CopyCodeButton = z
  .object({ type: typed("COPY_CODE"), text: z.string().optional(), example: z.union([z.string(), z.array(z.string())]).optional() })
  .transform((button) => ({
    kind: "COPY_CODE" as const,
    text: button.text || "Copy offer code",
    example: (Array.isArray(button.example) ? button.example[0] : button.example) ?? null,
  }));
// An authentication template's code button; Meta lists it as OTP or, on newer versions, as a URL.
const OtpButton = z.object({ type: typed("OTP"), text: z.string().optional() }).transform((button) => ({ kind: "OTP" as const, text: button.text || "Copy code" }));
const OtherButton = z.object({ type: z.string(), text: z.string().optional() }).transform((button) => ({ kind: "OTHER" as const, text: button.text || button.type }));
const TemplateButton = z.union([QuickReplyButton, UrlButton, PhoneButton, CopyCodeButton, OtpButton, OtherButton]);

const ButtonsComponent = z.object({ type: typed("BUTTONS"), buttons: z.array(TemplateButton) });

const TemplateComponent = z.union([HeaderComponent, BodyComponent, FooterComponent, ButtonsComponent]);
export type TemplateComponent = z.infer<typeof TemplateComponent>;
type Header = z.infer<typeof HeaderComponent>;
type Body = z.infer<typeof BodyComponent>;
type Footer = z.infer<typeof FooterComponent>;
type Button = z.infer<typeof TemplateButton>;

/** The components of a stored template that this module understands, in Meta's order. */
export function parseComponents(json: unknown): TemplateComponent[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((item) => {
    const parsed = TemplateComponent.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

function partsOf(components: TemplateComponent[]) {
  return {
    header: components.find((component): component is Header => component.type === "HEADER"),
    body: components.find((component): component is Body => component.type === "BODY"),
    footer: components.find((component): component is Footer => component.type === "FOOTER"),
    buttons: components.find((component) => component.type === "BUTTONS")?.buttons ?? [],
  };
}

// ---------------------------------------------------------------------------------------------
// Variables. Rendering is tolerant of what Meta stores ({{ 1 }} included); checking a new template
// is strict, so Meta's review never sees a malformed one.

const anyVariable = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const strictToken = /\{\{([^{}]*)\}\}/g;
const positionalName = /^[1-9][0-9]{0,2}$/;
const namedName = /^[a-z][a-z0-9_]{0,59}$/;

/** The distinct variable names in `text`, in order of first appearance. */
export function variableNames(text: string): string[] {
  return [...new Set([...text.matchAll(anyVariable)].map((match) => match[1] as string))];
}

export type VariableCheck = { ok: true; names: string[]; format: ParameterFormat | null } | { ok: false; error: string };

const wrap = (name: string) => `{{${name}}}`;

/**
 * Checks the variables of a new template's text: either numbered {{1}}, {{2}}… first used in order
 * with no gaps, or named {{first_name}} (lowercase letters, digits, underscores), never both.
 */
export function checkVariables(text: string): VariableCheck {
  if (/\{\{|\}\}/.test(text.replace(strictToken, ""))) {
    return { ok: false, error: "Write each variable between double braces, like {{1}}" };
  }
  const tokens = [...text.matchAll(strictToken)].map((match) => match[1] as string);
  const invalid = tokens.find((token) => !positionalName.test(token) && !namedName.test(token));
  if (invalid !== undefined) {
    return { ok: false, error: `${wrap(invalid)} is not a variable: use numbers like {{1}} or lowercase names like {{first_name}}` };
  }
  const names = [...new Set(tokens)];
  const numbered = names.filter((name) => positionalName.test(name));
  if (numbered.length > 0 && numbered.length < names.length) {
    return { ok: false, error: "Use either numbered variables like {{1}} or named ones like {{first_name}}, not both" };
  }
  if (names.length === 0) return { ok: true, names, format: null };
  if (numbered.length === 0) return { ok: true, names, format: "NAMED" };
  const sorted = numbered.map(Number).sort((a, b) => a - b);
  const gap = sorted.findIndex((value, index) => value !== index + 1);
  if (gap >= 0) return { ok: false, error: `Number the variables from {{1}} with no gaps: ${wrap(String(gap + 1))} is missing` };
  const outOfOrder = numbered.findIndex((name, index) => Number(name) !== index + 1);
  if (outOfOrder >= 0) {
    return { ok: false, error: `Number the variables in the order they appear: ${wrap(numbered[outOfOrder] as string)} comes before ${wrap(String(outOfOrder + 1))}` };
  }
  return { ok: true, names, format: "POSITIONAL" };
}

// ---------------------------------------------------------------------------------------------
// A new template as the form describes it, its checks, and the POST /message_templates payload.

export interface DraftButton {
  type: DraftButtonType;
  text: string;
  url: string;
  urlExample: string;
  phoneNumber: string;
}

export interface TemplateDraft {
  category: TemplateCategory;
  headerType: HeaderType;
  headerText: string;
  headerExample: string;
  /** The handle Meta's Resumable Upload API returned for the sample of the header's image, video or document. */
  headerHandle: string;
  body: string;
  /** One sample value per body variable, in the order the variables first appear. */
  bodyExamples: string[];
  footer: string;
  buttons: DraftButton[];
  /** Authentication templates only: WhatsApp writes the text, these shape it. */
  securityRecommendation: boolean;
  codeExpirationMinutes: number | null;
}

export interface DraftIssue {
  /** Where the problem is: a draft field, or ["buttons", index, field]. */
  path: [keyof TemplateDraft] | ["buttons", number, keyof DraftButton];
  message: string;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

function examplesMismatch(where: string, names: string[], examples: number): string | null {
  if (names.length === examples) return null;
  if (names.length === 0) return `The ${where} has no variables, so leave its sample values empty`;
  return `The ${where} has ${plural(names.length, "variable")} (${names.map(wrap).join(", ")}) but ${plural(examples, "sample value")}: give exactly one per variable, one per line, in order`;
}

function checkButtons(buttons: DraftButton[]): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const at = (index: number, field: keyof DraftButton, message: string) => issues.push({ path: ["buttons", index, field], message });
  let urls = 0;
  let phones = 0;
  buttons.forEach((button, index) => {
    if (!button.text) at(index, "text", "Enter the button's text");
    else if (button.text.length > limits.buttonText) at(index, "text", `Keep button text to ${limits.buttonText} characters`);
    if (button.type === "URL") {
      if (++urls > limits.urlButtons) at(index, "type", `A template can have at most ${limits.urlButtons} website buttons`);
      if (!/^https?:\/\/[^\s/]+\.[^\s]+$/.test(button.url)) at(index, "url", "Enter a full web address starting with https://");
      else if (button.url.length > limits.url) at(index, "url", `Keep the web address to ${limits.url} characters`);
      else {
        const variables = variableNames(button.url);
        if (variables.length > 1 || (variables.length === 1 && !button.url.endsWith("{{1}}"))) {
          at(index, "url", "A web address can have one variable, {{1}}, at its very end");
        } else if (variables.length === 1 && !button.urlExample) at(index, "urlExample", "Give a sample value for the {{1}} at the end of the web address");
        else if (variables.length === 0 && button.urlExample) at(index, "urlExample", "The web address has no {{1}}, so leave its sample value empty");
      }
    } else if (button.type === "PHONE_NUMBER") {
      if (++phones > limits.phoneButtons) at(index, "type", "A template can have only one call button");
      if (!/^\+?[1-9][0-9]{5,18}$/.test(button.phoneNumber)) at(index, "phoneNumber", "Enter the phone number with its country code, like +14155550123");
    }
  });
  return issues;
}

/** Everything Meta would refuse in a new template, each next to the field it is about. */
export function checkDraft(draft: TemplateDraft): DraftIssue[] {
  if (draft.category === "AUTHENTICATION") {
    const minutes = draft.codeExpirationMinutes;
    const valid = minutes === null || (Number.isInteger(minutes) && minutes >= 1 && minutes <= limits.codeExpirationMinutes);
    return valid ? [] : [{ path: ["codeExpirationMinutes"], message: `Enter a whole number of minutes from 1 to ${limits.codeExpirationMinutes}, or leave it empty` }];
  }
  const issues: DraftIssue[] = [];
  let headerFormat: ParameterFormat | null = null;
  if (draft.headerType === "TEXT") {
    const check = checkVariables(draft.headerText);
    if (!draft.headerText) issues.push({ path: ["headerText"], message: "Enter the header text, or choose no header" });
    else if (draft.headerText.length > limits.headerText) issues.push({ path: ["headerText"], message: `Keep the header to ${limits.headerText} characters` });
    else if (!check.ok) issues.push({ path: ["headerText"], message: check.error });
    else if (check.names.length > 1) issues.push({ path: ["headerText"], message: "A header can have at most one variable" });
    else {
      headerFormat = check.format;
      const mismatch = examplesMismatch("header", check.names, draft.headerExample ? 1 : 0);
      if (mismatch) issues.push({ path: ["headerExample"], message: mismatch });
    }
  } else if (draft.headerType !== "NONE" && !draft.headerHandle) {
    issues.push({ path: ["headerHandle"], message: `Choose a sample ${draft.headerType.toLowerCase()} for Meta's reviewers` });
  }

  const body = checkVariables(draft.body);
  if (!draft.body) issues.push({ path: ["body"], message: "Enter the message body" });
  else if (draft.body.length > limits.body) issues.push({ path: ["body"], message: `Keep the body to ${limits.body} characters` });
  else if (!body.ok) issues.push({ path: ["body"], message: body.error });
  else if (headerFormat && body.format && headerFormat !== body.format) {
    issues.push({ path: ["body"], message: "Use the same kind of variables in the header and the body: all numbered or all named" });
  } else if (/^\{\{[^{}]*\}\}/.test(draft.body) || /\{\{[^{}]*\}\}$/.test(draft.body)) {
    issues.push({ path: ["body"], message: "Start and end the body with words, not a variable: Meta refuses templates that do" });
  } else {
    const mismatch = examplesMismatch("body", body.names, draft.bodyExamples.length);
    if (mismatch) issues.push({ path: ["bodyExamples"], message: mismatch });
  }

  if (draft.footer.length > limits.footer) issues.push({ path: ["footer"], message: `Keep the footer to ${limits.footer} characters` });
  else if (/\{\{|\}\}/.test(draft.footer)) issues.push({ path: ["footer"], message: "The footer cannot have variables; move them to the body" });

  if (draft.buttons.length > limits.buttons) issues.push({ path: ["buttons"], message: `A template can have at most ${limits.buttons} buttons` });
  return [...issues, ...checkButtons(draft.buttons)];
}

export interface CreationPayload {
  parameterFormat: ParameterFormat;
  components: Record<string, unknown>[];
}

/** The variable style of a draft: named as soon as the header or body uses a name. */
function draftFormat(draft: TemplateDraft): ParameterFormat {
  const texts = [draft.headerType === "TEXT" ? draft.headerText : "", draft.body];
  return texts.flatMap(variableNames).some((name) => !positionalName.test(name)) ? "NAMED" : "POSITIONAL";
}

function textExample(key: "header" | "body", names: string[], examples: string[], format: ParameterFormat): Record<string, unknown> | undefined {
  if (names.length === 0) return undefined;
  if (format === "NAMED") {
    return { [`${key}_text_named_params`]: names.map((name, index) => ({ param_name: name, example: examples[index] ?? "" })) };
  }
  return { [`${key}_text`]: key === "header" ? examples.slice(0, names.length) : [examples] };
}

/**
 * The components of POST /{waba-id}/message_templates for a draft. It is built even for a draft
 * that does not pass checkDraft yet, so the form's preview can follow every keystroke.
 */
export function draftComponents(draft: TemplateDraft): CreationPayload {
  if (draft.category === "AUTHENTICATION") {
    return {
      parameterFormat: "POSITIONAL",
      components: [
        { type: "BODY", add_security_recommendation: draft.securityRecommendation },
        ...(draft.codeExpirationMinutes ? [{ type: "FOOTER", code_expiration_minutes: draft.codeExpirationMinutes }] : []),
        { type: "BUTTONS", buttons: [{ type: "OTP", otp_type: "COPY_CODE", text: "Copy code" }] },
      ],
    };
  }
  const parameterFormat = draftFormat(draft);
  const components: Record<string, unknown>[] = [];
  if (draft.headerType === "TEXT") {
    const example = textExample("header", variableNames(draft.headerText), draft.headerExample ? [draft.headerExample] : [], parameterFormat);
    components.push({ type: "HEADER", format: "TEXT", text: draft.headerText, ...(example ? { example } : {}) });
  } else if (draft.headerType !== "NONE") {
    components.push({ type: "HEADER", format: draft.headerType, example: { header_handle: [draft.headerHandle] } });
  }
  const bodyExample = textExample("body", variableNames(draft.body), draft.bodyExamples, parameterFormat);
  components.push({ type: "BODY", text: draft.body, ...(bodyExample ? { example: bodyExample } : {}) });
  if (draft.footer) components.push({ type: "FOOTER", text: draft.footer });
  if (draft.buttons.length > 0) {
    components.push({
      type: "BUTTONS",
      buttons: draft.buttons.map((button) => {
        if (button.type === "URL") {
          // Meta's reviewers see the example as the full address a customer would open.
          const example = variableNames(button.url).length > 0 ? { example: [button.url.replace(anyVariable, button.urlExample)] } : {};
          return { type: "URL", text: button.text, url: button.url, ...example };
        }
        if (button.type === "PHONE_NUMBER") return { type: "PHONE_NUMBER", text: button.text, phone_number: button.phoneNumber };
        return { type: "QUICK_REPLY", text: button.text };
      }),
    });
  }
  return { parameterFormat, components };
}

// ---------------------------------------------------------------------------------------------
// Filling variables: one set of values, keyed by where each variable sits, serves the preview
// (sample values), the campaign sender (per-recipient values) and the send payload.

/**
 * Values for a template's variables, keyed `header.<name>`, `body.<name>` (name is "1", "2"… or
 * the named variable) and `button.<index>` (the URL suffix or code of the button at that index);
 * `header.media` is the link (or uploaded media id) of an image, video or document header.
 */
export type TemplateValues = Record<string, string>;

export interface TemplateVariable {
  key: string;
  part: "header" | "body" | "button";
  /** The variable's own name ("1", "first_name"), the button's index, or "media". */
  name: string;
  /** What the value is for, in words for people. */
  label: string;
  example: string | null;
}

/** The variable of a media header: a link, or the id of media uploaded to Meta. */
export const mediaVariableKey = "header.media";

function headerVariables(header: Header | undefined): TemplateVariable[] {
  if (!header || header.format === "LOCATION") return [];
  if (header.format !== "TEXT") {
    return [{ key: mediaVariableKey, part: "header", name: "media", label: `Header ${header.format.toLowerCase()} link`, example: header.example?.header_handle?.[0] ?? null }];
  }
  return variableNames(header.text).map((name, index) => ({
    key: `header.${name}`,
    part: "header",
    name,
    label: `Header ${wrap(name)}`,
    example: header.example?.header_text_named_params?.find((param) => param.param_name === name)?.example ?? header.example?.header_text?.[index] ?? null,
  }));
}

function bodyVariables(body: Body | undefined): TemplateVariable[] {
  if (!body) return [];
  const authentication = body.add_security_recommendation !== undefined;
  const names = body.text ? variableNames(body.text) : authentication ? ["1"] : [];
  return names.map((name) => {
    const named = body.example?.body_text_named_params?.find((param) => param.param_name === name)?.example;
    const positional = positionalName.test(name) ? body.example?.body_text?.[0]?.[Number(name) - 1] : undefined;
    return { key: `body.${name}`, part: "body", name, label: `Body ${wrap(name)}`, example: named ?? positional ?? (authentication ? sampleOneTimeCode : null) };
  });
}

function buttonVariables(buttons: Button[]): TemplateVariable[] {
  return buttons.flatMap((button, index): TemplateVariable[] => {
    const common = { key: `button.${index}`, part: "button" as const, name: String(index) };
    if (button.kind === "URL" && variableNames(button.url).length > 0) {
      const prefix = button.url.split("{{")[0] ?? "";
      const example = button.example === null ? null : button.example.startsWith(prefix) ? button.example.slice(prefix.length) : button.example;
      return [{ ...common, label: `End of the "${button.text}" web address`, example }];
    }
    if (button.kind === "COPY_CODE") return [{ ...common, label: `Code of the "${button.text}" button`, example: button.example }];
    if (button.kind === "OTP") return [{ ...common, label: "One-time code", example: sampleOneTimeCode }];
    return [];
  });
}

/** Every value a send of this template needs, in Meta's order: header, body, then buttons. */
export function templateVariables(components: TemplateComponent[]): TemplateVariable[] {
  const { header, body, buttons } = partsOf(components);
  return [...headerVariables(header), ...bodyVariables(body), ...buttonVariables(buttons)];
}

/** The template's own examples as values: what a preview shows. */
export function sampleValues(components: TemplateComponent[]): TemplateValues {
  return Object.fromEntries(templateVariables(components).flatMap((variable) => (variable.example === null ? [] : [[variable.key, variable.example]])));
}

// A person previewing types a value per variable; anything longer could never be sent anyway.
const maxValueLength = limits.body;

/** The template's own examples with the values a person gave (by variable key) in their place. */
export function previewValues(components: TemplateComponent[], given: (key: string) => string | null | undefined): TemplateValues {
  const values = sampleValues(components);
  for (const variable of templateVariables(components)) {
    const value = given(variable.key)?.trim().slice(0, maxValueLength);
    if (value) values[variable.key] = value;
  }
  return values;
}

export type RenderedHeader = { kind: "text"; text: string } | { kind: "media"; format: MediaFormat; link: string | null } | { kind: "location" };
export type RenderedButton =
  | { kind: "QUICK_REPLY"; text: string }
  | { kind: "URL"; text: string; url: string }
  | { kind: "PHONE_NUMBER"; text: string; phoneNumber: string }
  | { kind: "COPY_CODE"; text: string; code: string | null }
  | { kind: "OTHER"; text: string };

export interface RenderedTemplate {
  header: RenderedHeader | null;
  body: string;
  footer: string | null;
  buttons: RenderedButton[];
}

function fill(text: string, part: "header" | "body", values: TemplateValues): string {
  return text.replace(anyVariable, (whole, name: string) => values[`${part}.${name}`] || whole);
}

// WhatsApp writes an authentication template's text itself; this is its English wording.
function authenticationBody(body: Body): string {
  return `${wrap("1")} is your verification code.${body.add_security_recommendation ? " For your security, do not share this code." : ""}`;
}

function renderButton(button: Button, value: string | undefined): RenderedButton {
  switch (button.kind) {
    case "URL":
      return { kind: "URL", text: button.text, url: value ? button.url.replace(anyVariable, value) : button.url };
    case "COPY_CODE":
    case "OTP":
      return { kind: "COPY_CODE", text: button.text, code: value || null };
    default:
      return button;
  }
}

/**
 * The message a customer would see with these values. A variable without a value stays visible as
 * {{name}}, so a preview shows what is still missing; buildSendComponents refuses such a send.
 */
export function fillTemplate(components: TemplateComponent[], values: TemplateValues): RenderedTemplate {
  const { header, body, footer, buttons } = partsOf(components);
  let renderedHeader: RenderedHeader | null = null;
  if (header?.format === "TEXT") renderedHeader = { kind: "text", text: fill(header.text, "header", values) };
  else if (header?.format === "LOCATION") renderedHeader = { kind: "location" };
  else if (header) renderedHeader = { kind: "media", format: header.format, link: values[mediaVariableKey] || null };
  const bodyText = body?.text || (body?.add_security_recommendation !== undefined ? authenticationBody(body) : "");
  const footerText = footer?.text || (footer?.code_expiration_minutes ? `This code expires in ${plural(footer.code_expiration_minutes, "minute")}.` : "");
  return {
    header: renderedHeader,
    body: fill(bodyText, "body", values),
    footer: footerText || null,
    buttons: buttons.map((button, index) => renderButton(button, values[`button.${index}`])),
  };
}

/** A stored template (or a draft's payload) as its preview shows it: filled with its own examples. */
export function previewTemplate(componentsJson: unknown): RenderedTemplate {
  const components = parseComponents(componentsJson);
  return fillTemplate(components, sampleValues(components));
}

// The `components` of a template message in POST /{phone-number-id}/messages.
type MediaRef = { link: string } | { id: string };
export type SendParameter =
  | { type: "text"; text: string; parameter_name?: string }
  | { type: "image"; image: MediaRef }
  | { type: "video"; video: MediaRef }
  | { type: "document"; document: MediaRef }
  | { type: "coupon_code"; coupon_code: string };
export interface SendComponent {
  type: "header" | "body" | "button";
  sub_type?: "url" | "copy_code";
  index?: string;
  parameters: SendParameter[];
}
export type SendComponentsResult = { ok: true; components: SendComponent[] } | { ok: false; missing: TemplateVariable[] };

function textParameter(variable: TemplateVariable, value: string): SendParameter {
  return positionalName.test(variable.name) ? { type: "text", text: value } : { type: "text", text: value, parameter_name: variable.name };
}

function mediaParameter(format: MediaFormat, value: string): SendParameter {
  // An id from Meta's media upload is all digits; anything else is a link Meta fetches.
  const ref: MediaRef = /^[0-9]+$/.test(value) ? { id: value } : { link: value };
  if (format === "IMAGE") return { type: "image", image: ref };
  if (format === "VIDEO") return { type: "video", video: ref };
  return { type: "document", document: ref };
}

// Meta matches positional parameters by their place in the list, so {{1}} must come first.
const byPosition = (a: TemplateVariable, b: TemplateVariable) => (Number(a.name) || 0) - (Number(b.name) || 0);

/** The send payload's components for these values, or the variables that have no value yet. */
export function buildSendComponents(components: TemplateComponent[], values: TemplateValues): SendComponentsResult {
  const { header, buttons } = partsOf(components);
  const variables = templateVariables(components);
  const missing = variables.filter((variable) => !values[variable.key]?.trim());
  if (missing.length > 0) return { ok: false, missing };
  const valueOf = (variable: TemplateVariable) => values[variable.key] as string;
  const inPart = (part: TemplateVariable["part"]) => variables.filter((variable) => variable.part === part);
  const result: SendComponent[] = [];

  const headerValues = inPart("header");
  if (header && header.format !== "TEXT" && header.format !== "LOCATION") {
    result.push({ type: "header", parameters: [mediaParameter(header.format, values[mediaVariableKey] as string)] });
  } else if (headerValues.length > 0) {
    result.push({ type: "header", parameters: headerValues.map((variable) => textParameter(variable, valueOf(variable))) });
  }
  const bodyValues = inPart("body").sort(byPosition);
  if (bodyValues.length > 0) result.push({ type: "body", parameters: bodyValues.map((variable) => textParameter(variable, valueOf(variable))) });
  for (const variable of inPart("button")) {
    const copyCode = buttons[Number(variable.name)]?.kind === "COPY_CODE";
    result.push(
      copyCode
        ? { type: "button", sub_type: "copy_code", index: variable.name, parameters: [{ type: "coupon_code", coupon_code: valueOf(variable) }] }
        : { type: "button", sub_type: "url", index: variable.name, parameters: [{ type: "text", text: valueOf(variable) }] },
    );
  }
  return { ok: true, components: result };
}
