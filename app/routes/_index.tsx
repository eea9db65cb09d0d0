import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "~/modules/auth/sessions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  return json({ signedIn: Boolean(user) });
}

export default function Home() {
  const { signedIn } = useLoaderData<typeof loader>();
  return (
    <main className="centered">
      <div className="card" style={{ maxWidth: "40rem" }}>
        <h1>Kiana WhatsApp Panel</h1>
        <p>
          Business software for WhatsApp: connect your WhatsApp Business Account, manage approved templates and
          contacts, send broadcast campaigns, follow delivery statuses and answer customer conversations with your team.
        </p>
        <p className="row-actions">
          {signedIn ? (
            <Link className="button" to="/workspaces">Open your workspaces</Link>
          ) : (
            <>
              <Link className="button" to="/signup">Start a free trial</Link>
              <Link className="button secondary" to="/login">Log in</Link>
              <Link className="button secondary" to="/pricing">See pricing</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
