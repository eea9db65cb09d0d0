// A small structured logger: one line per event, labelled by process role, with secrets never
// passed in. Lines are JSON in production and readable key=value text in development.
import { env, isProduction } from "./env.server";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (order[level] < order[env.LOG_LEVEL]) return;
  const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
  if (isProduction) {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    return;
  }
  const extras = Object.entries(fields)
    .map(([key, value]) => `${key}=${value instanceof Error ? value.message : JSON.stringify(value)}`)
    .join(" ");
  stream.write(`${level.padEnd(5)} ${message}${extras ? ` ${extras}` : ""}\n`);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
