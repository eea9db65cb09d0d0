import { Link } from "@remix-run/react";

export function AuthCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="centered">
      <div className="card narrow">
        <p><Link to="/">Kiana WhatsApp Panel</Link></p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
