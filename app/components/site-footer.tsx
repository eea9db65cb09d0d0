// The footer on every page, public and signed-in: pricing, the legal pages and the company.
import { Link } from "@remix-run/react";

const links = [
  { to: "/pricing", label: "Pricing" },
  { to: "/privacy", label: "Privacy Policy" },
  { to: "/terms", label: "Terms & Conditions" },
  { to: "/data-deletion", label: "Data deletion" },
  { to: "/contact", label: "Contact" },
];

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <nav aria-label="Legal">
        {links.map((link) => (
          <Link key={link.to} to={link.to}>{link.label}</Link>
        ))}
      </nav>
      <p>© Kiana &amp; Business Partner LLC</p>
    </footer>
  );
}
