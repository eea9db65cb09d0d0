import { describe, expect, it } from "vitest";
import { ContactForm, contactFormInput, formatAttributes, parseAttributes } from "./contact-form";

describe("the contact form", () => {
  it("parses tags and attribute lines", () => {
    const parsed = ContactForm.parse(contactFormInput({ phone: " +44 7911 123456 ", name: " Ada ", tags: "VIP, newsletter,, vip", attributes: "order_id = A-17\ncity: London\n\nempty =", optedOut: "on" }));
    expect(parsed).toEqual({ phone: "+44 7911 123456", bsuid: null, username: null, name: "Ada", tags: ["vip", "newsletter"], attributes: { order_id: "A-17", city: "London" }, optedOut: true });
  });

  it("needs a phone number or a user id", () => {
    const result = ContactForm.safeParse(contactFormInput({ name: "Ada" }));
    expect(result.success ? null : result.error.issues[0]).toMatchObject({ path: ["phone"], message: "Enter a phone number or a WhatsApp user id" });
  });

  it("names the attribute line that is wrong", () => {
    expect(parseAttributes("city = London\nOrder ID = 7")).toEqual({ ok: false, error: 'Line 2: write "name = value", with a name in lower-case letters, digits and _' });
  });

  it("writes attributes back as the lines it reads", () => {
    const attributes = { order_id: "A-17", city: "London" };
    expect(parseAttributes(formatAttributes(attributes))).toEqual({ ok: true, attributes });
  });
});
