// Message templates: validating a submission the way Meta's template API does (components, variables
// and their examples, duplicates) and checking a template message's parameters against the approved
// template the way the send endpoints do (132000, 132001, 132005, 132012, 132015, 132016, 132018).
import { GraphError, graphParamError, invalidParameter, whatsappError } from "./errors";
import type { TemplateCategory, TemplateStatus } from "./options";

export type ParameterFormat = "POSITIONAL" | "NAMED";
type MediaFormat = "IMAGE" | "VIDEO" | "DOCUMENT";

/** What a send must supply for each variable-bearing part of a template. */
export interface TemplateShape {
  header: { kind: "text"; variables: string[] } | { kind: "media"; format: MediaFormat } | { kind: "location" } | null;
  body: string[];
  bodyText: string;
  /** Buttons that take a parameter at send time, by index. */
  buttons: { index: number; subType: "url" | "copy_code" | "otp"; variables: number }[];
}

export interface Template {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  previousCategory?: TemplateCategory;
  status: TemplateStatus;
  rejectedReason: string;
  parameterFormat: ParameterFormat;
  components: unknown[];
  shape: TemplateShape;
  createdAt: number;
  statusChangedAt: number;
}

const CATEGORIES: TemplateCategory[] = ["MARKETING", "UTILITY", "AUTHENTICATION"];
const ANY_VARIABLE = /\{\{([^}]*)\}\}/g;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2}|_[A-Za-z]{4})?$/;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function userError(details: string, title: string, message: string, subcode = 2388043): GraphError {
  return invalidParameter(details, { subcode, title, message });
}

/** Variables in `text`, checked for the template's parameter format; throws a helpful 100 when malformed. */
function variablesOf(text: string, format: ParameterFormat, where: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(ANY_VARIABLE)) {
    const inner = (match[1] ?? "").trim();
    const ok = format === "POSITIONAL" ? /^\d+$/.test(inner) : /^[a-z_][a-z0-9_]*$/.test(inner);
    if (!ok) {
      throw userError(
        `${where}: invalid variable {{${match[1]}}}`,
        "Invalid variable",
        format === "POSITIONAL"
          ? `The ${where} has a variable {{${match[1]}}}. Positional variables are numbers in double braces, like {{1}}.`
          : `The ${where} has a variable {{${match[1]}}}. Named variables use lowercase letters, numbers and underscores, like {{first_name}}.`,
        2388072,
      );
    }
    found.push(inner);
  }
  if (format === "POSITIONAL") {
    const distinct = [...new Set(found.map(Number))].sort((a, b) => a - b);
    distinct.forEach((value, index) => {
      if (value !== index + 1) {
        throw userError(
          `${where}: variables must be sequential starting at {{1}}`,
          "Variables aren't in sequence",
          `The ${where} uses ${distinct.map((n) => `{{${n}}}`).join(", ")}. Number the variables in order, starting at {{1}} and without gaps.`,
          2388072,
        );
      }
    });
    return distinct.map(String);
  }
  return [...new Set(found)];
}

function exampleCountMismatch(where: string, variables: number, examples: number): GraphError {
  return userError(
    `${where}: number of example values (${examples}) does not match the number of variables (${variables})`,
    "Examples don't match the variables",
    examples === 0
      ? `The ${where} has ${variables} variable${variables === 1 ? "" : "s"} but no example values. Add one example value per variable so reviewers can see how the message looks.`
      : `The ${where} has ${variables} variable${variables === 1 ? "" : "s"} but ${examples} example value${examples === 1 ? "" : "s"}. Add exactly one example value per variable, in order.`,
  );
}

function checkLength(text: string, max: number, where: string): void {
  if (text.length > max) {
    throw userError(`${where} text is ${text.length} characters; the limit is ${max}`, "Character limit exceeded", `The ${where} can have at most ${max} characters.`, 2388040);
  }
}

/** Validates a POST /message_templates body; returns the parts the store keeps, or throws a GraphError. */
export function parseTemplateSubmission(body: Obj): {
  name: string;
  language: string;
  category: TemplateCategory;
  parameterFormat: ParameterFormat;
  components: unknown[];
  shape: TemplateShape;
} {
  const name = str(body.name);
  if (!name) throw graphParamError("The parameter name is required");
  if (!/^[a-z0-9_]{1,512}$/.test(name)) {
    throw userError(
      `Invalid template name: ${name}`,
      "Invalid template name",
      "Template names can only contain lowercase letters, numbers and underscores, up to 512 characters.",
      2388042,
    );
  }
  const language = str(body.language);
  if (!language) throw graphParamError("The parameter language is required");
  if (!LANGUAGE.test(language)) throw graphParamError(`Param language must be a valid language code like en_US - got "${language}".`);
  const category = str(body.category)?.toUpperCase() as TemplateCategory | undefined;
  if (!category) throw graphParamError("The parameter category is required");
  if (!CATEGORIES.includes(category)) throw graphParamError(`Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "${body.category}".`);
  const parameterFormat = (str(body.parameter_format)?.toUpperCase() ?? "POSITIONAL") as ParameterFormat;
  if (parameterFormat !== "POSITIONAL" && parameterFormat !== "NAMED") throw graphParamError(`Param parameter_format must be one of {POSITIONAL, NAMED} - got "${body.parameter_format}".`);
  if (!Array.isArray(body.components)) throw graphParamError("The parameter components is required");
  const components = body.components as unknown[];
  const shape = shapeOf(components, parameterFormat, category, true);
  return { name, language, category, parameterFormat, components, shape };
}

/** The send-time parameter shape of a template; with `strict`, also validates it as a submission. */
export function shapeOf(components: unknown[], format: ParameterFormat, category: TemplateCategory, strict = false): TemplateShape {
  const shape: TemplateShape = { header: null, body: [], bodyText: "", buttons: [] };
  const seen = new Set<string>();
  for (const raw of components) {
    if (!isObj(raw)) throw graphParamError("Param components must be an array of objects");
    const type = str(raw.type)?.toUpperCase();
    if (!type || !["HEADER", "BODY", "FOOTER", "BUTTONS"].includes(type)) {
      throw graphParamError(`Param components[].type must be one of {HEADER, BODY, FOOTER, BUTTONS} - got "${raw.type}".`);
    }
    if (seen.has(type)) throw userError(`Duplicate ${type} component`, "Duplicate component", `A template can have only one ${type.toLowerCase()}.`, 2388043);
    seen.add(type);
    const example = isObj(raw.example) ? raw.example : undefined;
    if (type === "HEADER") shape.header = headerShape(raw, example, format, strict);
    else if (type === "BODY") {
      const text = str(raw.text) ?? "";
      if (strict && !text && category !== "AUTHENTICATION") throw userError("BODY component is missing expected field(s) (text)", "Message template \"components\" param is missing expected field(s)", "The body needs text.");
      if (strict) checkLength(text, 1024, "body");
      shape.bodyText = text;
      shape.body = category === "AUTHENTICATION" && !text ? ["1"] : variablesOf(text, format, "body");
      if (strict && shape.body.length > 0 && !(category === "AUTHENTICATION" && !text)) checkExamples(shape.body, example, format, "body");
    } else if (type === "FOOTER") {
      const text = str(raw.text) ?? "";
      if (strict) {
        checkLength(text, 60, "footer");
        if (/\{\{[^}]*\}\}/.test(text)) throw userError("FOOTER can't have variables", "Footer can't have variables", "The footer is fixed text; move the variable to the body.", 2388072);
      }
    } else shape.buttons = buttonsShape(raw, strict);
  }
  if (strict && !seen.has("BODY")) throw userError("components is missing a BODY component", "Message template \"components\" param is missing expected field(s)", "Every template needs a body.");
  return shape;
}

function headerShape(raw: Obj, example: Obj | undefined, format: ParameterFormat, strict: boolean): TemplateShape["header"] {
  const headerFormat = str(raw.format)?.toUpperCase() ?? "TEXT";
  if (headerFormat === "TEXT") {
    const text = str(raw.text) ?? "";
    if (strict) {
      if (!text) throw userError("HEADER component of format TEXT is missing expected field(s) (text)", "Message template \"components\" param is missing expected field(s)", "A text header needs text.");
      checkLength(text, 60, "header");
    }
    const variables = variablesOf(text, format, "header");
    if (strict && variables.length > 1) throw userError("HEADER can have at most one variable", "Too many variables in the header", "A text header can have at most one variable.", 2388072);
    if (strict && variables.length > 0) {
      const examples = format === "NAMED" ? (Array.isArray(example?.header_text_named_params) ? example.header_text_named_params.length : 0) : Array.isArray(example?.header_text) ? example.header_text.length : 0;
      if (examples !== variables.length) throw exampleCountMismatch("header", variables.length, examples);
    }
    return { kind: "text", variables };
  }
  if (headerFormat === "IMAGE" || headerFormat === "VIDEO" || headerFormat === "DOCUMENT") {
    if (strict && !(Array.isArray(example?.header_handle) && example.header_handle.length > 0)) {
      throw userError(
        `HEADER component of format ${headerFormat} is missing expected field(s) (example.header_handle)`,
        "Message template \"components\" param is missing expected field(s)",
        `A ${headerFormat.toLowerCase()} header needs a sample: upload one with the Resumable Upload API and pass its handle in example.header_handle.`,
      );
    }
    return { kind: "media", format: headerFormat };
  }
  if (headerFormat === "LOCATION") return { kind: "location" };
  throw graphParamError(`Param components[].format must be one of {TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION} - got "${raw.format}".`);
}

function checkExamples(variables: string[], example: Obj | undefined, format: ParameterFormat, where: string): void {
  if (format === "NAMED") {
    const named = Array.isArray(example?.body_text_named_params) ? (example.body_text_named_params as unknown[]) : [];
    const names = named.map((entry) => (isObj(entry) ? str(entry.param_name) : undefined));
    const missing = variables.filter((name) => !names.includes(name));
    if (named.length !== variables.length || missing.length > 0) {
      throw userError(
        `${where}: example.body_text_named_params must give one example per variable (${variables.join(", ")})`,
        "Examples don't match the variables",
        `Give one example for each named variable of the ${where}: ${variables.map((name) => `{{${name}}}`).join(", ")}.`,
      );
    }
    return;
  }
  const rows = Array.isArray(example?.body_text) ? (example.body_text as unknown[]) : [];
  const first = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : [];
  if (first.length !== variables.length) throw exampleCountMismatch(where, variables.length, first.length);
}

function buttonsShape(raw: Obj, strict: boolean): TemplateShape["buttons"] {
  const buttons = Array.isArray(raw.buttons) ? (raw.buttons as unknown[]) : [];
  if (strict && (buttons.length === 0 || buttons.length > 10)) throw userError("BUTTONS must have between 1 and 10 buttons", "Wrong number of buttons", "A template can have 1 to 10 buttons.", 2388043);
  const shape: TemplateShape["buttons"] = [];
  buttons.forEach((button, index) => {
    if (!isObj(button)) throw graphParamError("Param buttons must be an array of objects");
    const type = str(button.type)?.toUpperCase();
    const text = str(button.text) ?? "";
    if (strict && type !== "COPY_CODE" && type !== "OTP" && text.length > 25) checkLength(text, 25, `button ${index}`);
    if (type === "URL") {
      const url = str(button.url) ?? "";
      if (strict && !/^https?:\/\//.test(url)) throw userError(`button ${index}: url must start with http:// or https://`, "Invalid URL", "A URL button needs a full web address.", 2388043);
      const variables = (url.match(ANY_VARIABLE) ?? []).length;
      if (strict && variables > 0) {
        if (variables > 1 || !/\{\{1\}\}$/.test(url)) throw userError(`button ${index}: the url can have one variable {{1}}, at the end`, "Invalid URL variable", "A URL button can have one variable, {{1}}, at the end of the address.", 2388072);
        if (!(Array.isArray(button.example) && button.example.length > 0)) throw exampleCountMismatch(`URL button ${index}`, 1, 0);
      }
      if (variables > 0) shape.push({ index, subType: "url", variables: 1 });
    } else if (type === "COPY_CODE") shape.push({ index, subType: "copy_code", variables: 1 });
    else if (type === "OTP") shape.push({ index, subType: "url", variables: 1 });
    else if (strict && !["QUICK_REPLY", "PHONE_NUMBER", "FLOW", "CATALOG", "MPM", "VOICE_CALL", "APP"].includes(type ?? "")) {
      throw graphParamError(`Param buttons[${index}].type must be one of {QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW} - got "${button.type}".`);
    }
  });
  return shape;
}

// ---------------------------------------------------------------------------------------------------
// Send-time checks

const MEDIA_PARAM_TYPES = new Set(["image", "video", "document"]);
const BODY_PARAM_TYPES = new Set(["text", "currency", "date_time"]);

function countMismatch(where: string, sent: number, expected: number): GraphError {
  return whatsappError(132000, `${where}: number of localizable_params (${sent}) does not match the expected number of params (${expected})`);
}

function paramText(param: Obj): string | undefined {
  if (param.type === "text") return str(param.text);
  if (param.type === "currency") return isObj(param.currency) ? str(param.currency.fallback_value) : undefined;
  if (param.type === "date_time") return isObj(param.date_time) ? str(param.date_time.fallback_value) : undefined;
  return undefined;
}

function checkTextParams(params: Obj[], where: string): void {
  for (const param of params) {
    const text = paramText(param);
    if (text === undefined || text.length === 0) throw whatsappError(131008, `${where}: Parameter text is missing or empty`);
    if (/[\n\t]/.test(text) || / {5,}/.test(text)) {
      throw whatsappError(132018, `${where}: Param text cannot have new-line/tab characters or more than 4 consecutive spaces`);
    }
  }
}

/** The template a send names, if it may be sent; throws 132001/132015/132016 otherwise. */
export function resolveSendableTemplate(candidates: Template[], name: string, language: string): Template {
  const template = candidates.find((t) => t.name === name && t.language === language);
  if (!template || template.status === "PENDING" || template.status === "REJECTED") {
    throw whatsappError(132001, `template name (${name}) does not exist in ${language}`);
  }
  if (template.status === "PAUSED") throw whatsappError(132015, `Template ${name} is paused because of low quality; it can be sent again once it is unpaused.`);
  if (template.status === "DISABLED") throw whatsappError(132016, `Template ${name} was disabled because of low quality and can no longer be sent.`);
  return template;
}

/** Checks a send's template.components against the template's shape (Meta's order of checks). */
export function checkTemplateParameters(template: Template, sentComponents: unknown): void {
  const components = Array.isArray(sentComponents) ? sentComponents.filter(isObj) : [];
  const byType = (type: string) => components.filter((c) => str(c.type)?.toLowerCase() === type);
  const paramsOf = (component: Obj | undefined): Obj[] => (component && Array.isArray(component.parameters) ? component.parameters.filter(isObj) : []);

  // Header
  const headerParams = paramsOf(byType("header")[0]);
  const header = template.shape.header;
  if (header?.kind === "media") {
    const param = headerParams[0];
    const sentType = str(param?.type)?.toLowerCase();
    if (!param || sentType !== header.format.toLowerCase()) {
      throw whatsappError(132012, `header: Format mismatch, expected ${header.format}, received ${sentType && MEDIA_PARAM_TYPES.has(sentType) ? sentType.toUpperCase() : "UNKNOWN"}`);
    }
    const media = param[sentType];
    if (!isObj(media) || (!str(media.link) && !str(media.id))) throw whatsappError(131008, `header: ${sentType} requires a link or an id`);
    if (headerParams.length !== 1) throw countMismatch("header", headerParams.length, 1);
  } else {
    const expected = header?.kind === "text" ? header.variables.length : 0;
    if (headerParams.length !== expected) throw countMismatch("header", headerParams.length, expected);
    for (const param of headerParams) {
      if (param.type !== "text") throw whatsappError(132012, `header: Format mismatch, expected TEXT, received ${String(param.type ?? "UNKNOWN").toUpperCase()}`);
    }
    checkTextParams(headerParams, "header");
  }

  // Body
  const bodyParams = paramsOf(byType("body")[0]);
  if (bodyParams.length !== template.shape.body.length) throw countMismatch("body", bodyParams.length, template.shape.body.length);
  for (const param of bodyParams) {
    const type = str(param.type);
    if (!type || !BODY_PARAM_TYPES.has(type)) throw whatsappError(132012, `body: Format mismatch, expected TEXT, received ${(type ?? "UNKNOWN").toUpperCase()}`);
  }
  checkTextParams(bodyParams, "body");
  let hydrated = template.shape.bodyText;
  if (template.parameterFormat === "NAMED") {
    for (const param of bodyParams) {
      const name = str(param.parameter_name);
      if (!name || !template.shape.body.includes(name)) throw whatsappError(132000, `body: parameter_name (${name ?? ""}) is not one of the template's variables (${template.shape.body.join(", ")})`);
      hydrated = hydrated.replaceAll(new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`, "g"), paramText(param) ?? "");
    }
  } else {
    bodyParams.forEach((param, index) => {
      hydrated = hydrated.replaceAll(new RegExp(`\\{\\{\\s*${index + 1}\\s*\\}\\}`, "g"), paramText(param) ?? "");
    });
  }
  if (hydrated.length > 1024) throw whatsappError(132005, `body: hydrated text is ${hydrated.length} characters; the limit is 1024`);

  // Buttons that take a parameter
  const buttons = byType("button");
  for (const expected of template.shape.buttons) {
    const sent = buttons.find((b) => Number(b.index) === expected.index);
    const params = paramsOf(sent);
    if (params.length !== expected.variables) throw countMismatch(`button ${expected.index}`, params.length, expected.variables);
  }
}
