// How the columns of an uploaded CSV feed a contact: a guess from the header, the mapping the user
// confirms, and the conversion of one row into a contact or into the reason it cannot be imported.
import { z } from "zod";
import { normalizePhone } from "./normalize-phone";
import { AttributeKey, Bsuid, ContactName, ContactUsername, CountryCode, maxAttributeValueLength, splitTags, Tag } from "./schemas";

export const columnFields = ["ignore", "phone", "bsuid", "username", "name", "tags", "opted_out", "attribute"] as const;
export type ColumnField = (typeof columnFields)[number];

export const columnFieldLabels: Record<ColumnField, string> = {
  ignore: "Ignore this column",
  phone: "Phone number",
  bsuid: "WhatsApp user id (BSUID)",
  username: "WhatsApp username",
  name: "Name",
  tags: "Tags",
  opted_out: "Opted out (yes or no)",
  attribute: "Attribute",
};

export const ColumnMapping = z.discriminatedUnion("field", [
  z.object({ field: z.enum(["ignore", "phone", "bsuid", "username", "name", "tags", "opted_out"]) }),
  z.object({ field: z.literal("attribute"), key: AttributeKey }),
]);
export type ColumnMapping = z.infer<typeof ColumnMapping>;

/** What the import job needs besides the file: one entry per column, the tag for every row, the country for national numbers. */
export const ImportMapping = z.object({
  columns: z.array(ColumnMapping).min(1).max(500),
  tag: Tag.nullable(),
  defaultCountry: CountryCode.nullable(),
});
export type ImportMapping = z.infer<typeof ImportMapping>;

export interface ImportedContact {
  phone: string | null;
  bsuid: string | null;
  username: string | null;
  name: string | null;
  tags: string[];
  attributes: Record<string, string>;
  optedOut: boolean;
}

export type MappedRow = { kind: "contact"; contact: ImportedContact } | { kind: "empty" } | { kind: "failed"; reason: string };

function words(header: string): string {
  return header.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

const headerWords: Record<Exclude<ColumnField, "attribute">, string[]> = {
  phone: ["phone", "phone number", "mobile", "mobile number", "mobile phone", "cell", "cell phone", "whatsapp", "whatsapp number", "number", "tel", "telephone", "msisdn", "wa id", "telefon", "telefono", "teléfono", "telefone", "celular", "handy"],
  bsuid: ["bsuid", "user id", "whatsapp user id", "business scoped user id"],
  username: ["username", "user name", "whatsapp username"],
  name: ["name", "full name", "contact name", "first name", "last name", "given name", "surname", "family name", "nombre", "nome", "vorname", "nachname", "prénom", "nom"],
  tags: ["tags", "tag", "labels", "label", "groups", "group"],
  opted_out: ["opted out", "opt out", "optout", "unsubscribed"],
  // Columns of our own export that an import cannot set; recognised, so they are not reported as unknown.
  ignore: ["opted out at", "opt out source", "created at", "updated at", "id"],
};

const attributeHeader = /^attributes?[.:]\s*(.+)$/i;

/** An attribute name made from a column header ("Order ID" becomes order_id). */
export function attributeKeyFor(header: string, index: number): string {
  const base = (attributeHeader.exec(header.trim())?.[1] ?? header)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return base || `column_${index + 1}`;
}

/**
 * The mapping suggested for a header: known names map to their field, "attributes.x" to attribute
 * x, and anything else is ignored and reported as unknown so the user decides. Only the first
 * column of each identifier is taken.
 */
export function guessMapping(columns: readonly string[]): { mapping: ColumnMapping[]; unknown: string[] } {
  const taken = new Set<ColumnField>();
  const unknown: string[] = [];
  const mapping = columns.map((header, index): ColumnMapping => {
    if (attributeHeader.test(header.trim())) return { field: "attribute", key: attributeKeyFor(header, index) };
    const normalized = words(header);
    const field = (Object.keys(headerWords) as (keyof typeof headerWords)[]).find((candidate) => headerWords[candidate].includes(normalized));
    if (!field) {
      unknown.push(header);
      return { field: "ignore" };
    }
    if ((field === "phone" || field === "bsuid") && taken.has(field)) return { field: "ignore" };
    taken.add(field);
    return { field };
  });
  return { mapping, unknown };
}

const yes = new Set(["yes", "y", "true", "1", "x", "opted out", "stop", "unsubscribed"]);
const no = new Set(["", "no", "n", "false", "0", "subscribed"]);

/** One CSV row (the header's order) as a contact, an empty row, or the reason it cannot be imported. */
export function mapCsvRow(values: readonly string[], mapping: ImportMapping): MappedRow {
  if (values.every((value) => value.trim() === "")) return { kind: "empty" };
  const extra = values.slice(mapping.columns.length).filter((value) => value.trim() !== "");
  if (extra.length > 0) {
    return { kind: "failed", reason: `The row has ${values.length} values but the header names ${mapping.columns.length} columns` };
  }
  const contact: ImportedContact = { phone: null, bsuid: null, username: null, name: null, tags: mapping.tag ? [mapping.tag] : [], attributes: {}, optedOut: false };
  const names: string[] = [];
  for (const [index, column] of mapping.columns.entries()) {
    const value = (values[index] ?? "").trim();
    if (!value || column.field === "ignore") continue;
    switch (column.field) {
      case "phone": {
        const phone = normalizePhone(value, mapping.defaultCountry);
        if (!phone.ok) return { kind: "failed", reason: phone.reason };
        contact.phone = phone.e164;
        break;
      }
      case "bsuid": {
        const bsuid = Bsuid.safeParse(value);
        if (!bsuid.success) return { kind: "failed", reason: `"${value}" is not a WhatsApp user id (like US.13491208655302741918)` };
        contact.bsuid = bsuid.data;
        break;
      }
      case "username": {
        const username = ContactUsername.safeParse(value);
        if (!username.success) return { kind: "failed", reason: username.error.issues[0]?.message ?? "The username is not valid" };
        contact.username = username.data || null;
        break;
      }
      case "name":
        names.push(value);
        break;
      case "tags": {
        const tags = splitTags(value);
        if (!tags.success) return { kind: "failed", reason: `Tags "${value}": ${tags.error.issues[0]?.message ?? "not valid"}` };
        contact.tags = [...new Set([...contact.tags, ...tags.data])];
        break;
      }
      case "opted_out": {
        const answer = value.toLowerCase();
        if (!yes.has(answer) && !no.has(answer)) return { kind: "failed", reason: `Opted out should be "yes" or "no", not "${value}"` };
        contact.optedOut ||= yes.has(answer);
        break;
      }
      case "attribute":
        if (value.length > maxAttributeValueLength) {
          return { kind: "failed", reason: `The ${column.key} value is longer than ${maxAttributeValueLength} characters` };
        }
        contact.attributes[column.key] = value;
        break;
    }
  }
  if (names.length > 0) {
    const name = ContactName.safeParse(names.join(" "));
    if (!name.success) return { kind: "failed", reason: name.error.issues[0]?.message ?? "The name is not valid" };
    contact.name = name.data || null;
  }
  if (!contact.phone && !contact.bsuid) return { kind: "failed", reason: "No phone number or WhatsApp user id" };
  return { kind: "contact", contact };
}
