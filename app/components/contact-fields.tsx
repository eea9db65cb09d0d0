// The fields of the contact form, shared by the add and edit pages; values come back after an error.
import { Field } from "./forms";

export interface ContactFieldValues {
  phone: string;
  bsuid: string;
  username: string;
  name: string;
  tags: string;
  attributes: string;
  optedOut: boolean;
}

export function ContactFields({ values, errors, optOutNote }: { values: ContactFieldValues; errors: Record<string, string | undefined>; optOutNote?: string | null }) {
  return (
    <>
      <Field label="Name" name="name" defaultValue={values.name} error={errors.name} autoComplete="off" />
      <Field label="Phone number" name="phone" type="tel" defaultValue={values.phone} error={errors.phone} autoComplete="off" hint="With its +country code, or as dialled in the workspace's default country" />
      <Field label="WhatsApp user id (BSUID)" name="bsuid" defaultValue={values.bsuid} error={errors.bsuid} autoComplete="off" hint="Like US.13491208655302741918; for people who hide their number behind a username" />
      <Field label="WhatsApp username" name="username" defaultValue={values.username} error={errors.username} autoComplete="off" />
      <Field label="Tags" name="tags" defaultValue={values.tags} error={errors.tags} autoComplete="off" hint="Separated by commas, like vip, newsletter" />
      <div className="field">
        <label htmlFor="contact-attributes">Attributes</label>
        <textarea id="contact-attributes" name="attributes" rows={4} defaultValue={values.attributes} aria-invalid={errors.attributes ? true : undefined} aria-describedby="contact-attributes-hint" />
        <p className="hint" id="contact-attributes-hint">One per line, like order_id = A-17. Templates can use them as variables.</p>
        {errors.attributes ? <p className="field-error" role="alert">{errors.attributes}</p> : null}
      </div>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" name="optedOut" value="on" defaultChecked={values.optedOut} />
          Opted out: send this person no campaigns
        </label>
        {optOutNote ? <p className="hint">{optOutNote}</p> : null}
      </div>
    </>
  );
}
