// The signed-in frame: brand, workspace switcher, navigation for the current role, user menu and
// the email-verification banner. Collapses to a top bar on a phone.
import { Form, NavLink, useNavigate } from "@remix-run/react";
import { CsrfInput, SafeForm } from "./forms";

export interface ShellProps {
  user: { name: string; email: string; emailVerified: boolean; isStaff: boolean };
  workspaces: { slug: string; name: string }[];
  current?: { slug: string; name: string; role: "owner" | "admin" | "agent"; trialDaysLeft: number };
  children: React.ReactNode;
}

export function AppShell({ user, workspaces, current, children }: ShellProps) {
  const navigate = useNavigate();
  const isAdmin = current && current.role !== "agent";
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Kiana WhatsApp Panel</div>
        <div>
          <label htmlFor="workspace-switcher">Workspace</label>
          <select
            id="workspace-switcher"
            value={current?.slug ?? ""}
            onChange={(event) => navigate(event.target.value ? `/w/${event.target.value}` : "/workspaces")}
          >
            {current ? null : <option value="">Choose a workspace</option>}
            {workspaces.map((workspace) => (
              <option key={workspace.slug} value={workspace.slug}>{workspace.name}</option>
            ))}
          </select>
          <NavLink to="/workspaces" end>All workspaces</NavLink>
        </div>
        {current ? (
          <nav aria-label="Workspace">
            <NavLink to={`/w/${current.slug}`} end>Overview</NavLink>
            <NavLink to={`/w/${current.slug}/inbox`}>Inbox</NavLink>
            {isAdmin ? <NavLink to={`/w/${current.slug}/contacts`}>Contacts</NavLink> : null}
            {isAdmin ? <NavLink to={`/w/${current.slug}/templates`}>Templates</NavLink> : null}
            {isAdmin ? <NavLink to={`/w/${current.slug}/campaigns`}>Campaigns</NavLink> : null}
            {isAdmin ? <NavLink to={`/w/${current.slug}/settings/whatsapp`}>WhatsApp</NavLink> : null}
            {isAdmin ? <NavLink to={`/w/${current.slug}/settings/team`}>Team</NavLink> : null}
            {isAdmin ? <NavLink to={`/w/${current.slug}/settings/security`}>Security log</NavLink> : null}
            {isAdmin ? <NavLink to={`/w/${current.slug}/settings/billing`}>Billing</NavLink> : null}
            {current.role === "owner" ? <NavLink to={`/w/${current.slug}/settings/data`}>Data and deletion</NavLink> : null}
          </nav>
        ) : null}
        {user.isStaff ? (
          <nav aria-label="Staff">
            <NavLink to="/staff/deletion-requests">Staff: deletion requests</NavLink>
          </nav>
        ) : null}
      </aside>
      <div className="main">
        {!user.emailVerified ? (
          <div className="banner" role="status">
            <span>Confirm your email address: we sent a link to {user.email}.</span>
            <SafeForm action="/verify-email">
              <button type="submit" className="link-button">Send the link again</button>
            </SafeForm>
          </div>
        ) : null}
        {current && current.trialDaysLeft >= 0 ? (
          <p className="muted">Trial: {current.trialDaysLeft} day{current.trialDaysLeft === 1 ? "" : "s"} left</p>
        ) : null}
        <header className="topbar">
          <span className="muted">{current ? current.name : "Your account"}</span>
          <div className="user-menu">
            <span>{user.name}</span>
            <NavLink to="/account/sessions">Sessions</NavLink>
            <NavLink to="/account/password">Password</NavLink>
            <Form method="post" action="/logout">
              <CsrfInput />
              <button type="submit" className="link-button">Log out</button>
            </Form>
          </div>
        </header>
        {children}
      </div>
    </div>
  );
}
