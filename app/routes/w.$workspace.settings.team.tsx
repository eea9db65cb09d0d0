import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, SafeForm, SelectField, SubmitButton } from "~/components/forms";
import { PlanLimitNotice } from "~/components/plan-limit-notice";
import { readForm } from "~/lib/csrf.server";
import { requireWorkspace } from "~/modules/workspaces/memberships.server";
import { changeRole, inviteMember, listTeam, removeMember, revokeInvitation } from "~/modules/workspaces/team.server";
import { formatDate } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Team · Kiana WhatsApp Panel" }];

const roleOptions = [
  { value: "agent", label: "Agent: answers conversations" },
  { value: "admin", label: "Admin: manages the workspace" },
  { value: "owner", label: "Owner: full control" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const team = await listTeam(access);
  return json({ ...team, me: access.user.id, myRole: access.role });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireWorkspace(request, params, "admin");
  const form = await readForm(request, context);
  const intent = form.get("intent");
  const target = String(form.get("id") ?? "");
  switch (intent) {
    case "invite": {
      const result = await inviteMember(access, Object.fromEntries(form), context);
      return json(result.ok ? { notice: `Invitation sent to ${result.email}.`, errors: {} } : { notice: null, errors: result.errors, limit: result.limit ?? null }, { status: result.ok ? 200 : 400 });
    }
    case "revoke-invitation": {
      const done = await revokeInvitation(access, target, context);
      return json({ notice: done ? "Invitation withdrawn." : null, errors: done ? {} : { list: "That invitation was already used or withdrawn" } });
    }
    case "change-role": {
      const result = await changeRole(access, target, form.get("role"), context);
      return json(result.ok ? { notice: "Role changed.", errors: {} } : { notice: null, errors: { list: result.error } }, { status: result.ok ? 200 : 400 });
    }
    case "remove": {
      const result = await removeMember(access, target, context);
      return json(result.ok ? { notice: "Member removed.", errors: {} } : { notice: null, errors: { list: result.error } }, { status: result.ok ? 200 : 400 });
    }
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}

export default function Team() {
  const { members, invitations, me, myRole } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = data?.errors ?? {};
  const grantable = myRole === "owner" ? roleOptions : roleOptions.filter((option) => option.value !== "owner");
  return (
    <section>
      <h1>Team</h1>
      {data?.notice ? <p className="notice" role="status">{data.notice}</p> : null}
      <h2>Invite a teammate</h2>
      <SafeForm className="inline-form" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <FormError error={errors.form} />
        <PlanLimitNotice limit={data && "limit" in data ? data.limit : null} />
        <Field label="Teammate's email" name="email" type="email" error={errors.email} required />
        <SelectField label="Role" name="role" options={grantable} defaultValue="agent" error={errors.role} />
        <div className="field"><SubmitButton>Send invitation</SubmitButton></div>
      </SafeForm>

      <h2>Members</h2>
      <FormError error={errors.list} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr><th>Name</th><th className="optional">Email</th><th>Role</th><th>Actions</th></tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.membershipId}>
                <td>{member.name}{member.userId === me ? " (you)" : ""}<br /><span className="muted">@{member.username}</span></td>
                <td className="optional">{member.email}</td>
                <td>{member.role}</td>
                <td>
                  <div className="row-actions">
                    <SafeForm className="row-actions">
                      <input type="hidden" name="intent" value="change-role" />
                      <input type="hidden" name="id" value={member.membershipId} />
                      <label className="muted" htmlFor={`role-${member.membershipId}`}>Role for {member.name}</label>
                      <select id={`role-${member.membershipId}`} name="role" defaultValue={member.role}>
                        {grantable.map((option) => <option key={option.value} value={option.value}>{option.value}</option>)}
                      </select>
                      <button type="submit" className="button secondary">Change role</button>
                    </SafeForm>
                    <SafeForm>
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={member.membershipId} />
                      <button type="submit" className="button danger">{member.userId === me ? "Leave workspace" : `Remove ${member.name}`}</button>
                    </SafeForm>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Pending invitations</h2>
      {invitations.length === 0 ? (
        <p className="empty">No pending invitations. Invite a teammate above.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr><th>Email</th><th>Role</th><th className="optional">Expires</th><th>Actions</th></tr></thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{invitation.role}</td>
                  <td className="optional">{formatDate(invitation.expiresAt)}</td>
                  <td>
                    <SafeForm>
                      <input type="hidden" name="intent" value="revoke-invitation" />
                      <input type="hidden" name="id" value={invitation.id} />
                      <button type="submit" className="button secondary">Withdraw</button>
                    </SafeForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
