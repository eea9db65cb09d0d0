// The document: styles, the CSRF token every form embeds, and the error boundary that renders
// friendly 403, 404 and 500 pages.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { SiteFooter } from "~/components/site-footer";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Kiana WhatsApp Panel" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ csrfToken: context.csrfToken, cspNonce: context.cspNonce });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <SiteFooter />
        <ScrollRestoration nonce={data?.cspNonce} />
        <Scripts nonce={data?.cspNonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

const messages: Record<number, { title: string; text: string }> = {
  403: { title: "You do not have access to this page", text: "Your role in this workspace does not allow it. Ask an owner or admin if you need access." },
  404: { title: "Page not found", text: "There is nothing here, or you do not have access to it." },
};

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = messages[status];
  const title = known?.title ?? (status === 403 ? "Forbidden" : "Something went wrong");
  const text =
    known?.text ??
    (isRouteErrorResponse(error) && typeof error.data === "string" && status < 500
      ? error.data
      : "An unexpected error happened on our side. It has been logged; please try again in a moment.");
  const detail = status === 403 && isRouteErrorResponse(error) && typeof error.data === "string" && error.data !== "Forbidden" ? error.data : null;
  return (
    <main className="centered">
      <div className="card narrow">
        <p className="muted">Error {status}</p>
        <h1>{title}</h1>
        <p>{detail ?? text}</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </div>
    </main>
  );
}
