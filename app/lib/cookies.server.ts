// Cookie names and attributes in one place: __Host- prefixed and Secure in production, plain on
// http://localhost in development. Cookies hold random tokens only, never data.
import { isProduction } from "./env.server";

const prefix = isProduction ? "__Host-" : "";

export const sessionCookieName = `${prefix}kiana_session`;
export const csrfCookieName = `${prefix}kiana_csrf`;
export const sessionMaxAgeSeconds = 60 * 60 * 24 * 30;

export function serializeCookie(name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (isProduction) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || null;
  }
  return null;
}
