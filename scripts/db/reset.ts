// npm run db:reset: drops and recreates the database (DATABASE_URL, or the embedded one), then
// migrates and seeds the demo workspace. Refuses to run in production.
import postgres from "postgres";
import { ensurePostgres } from "./postgres";

if (process.env.NODE_ENV === "production") throw new Error("db:reset refuses to run in production");
const handle = await ensurePostgres("kiana");
const target = new URL(handle.url);
const database = decodeURIComponent(target.pathname.slice(1)).replaceAll('"', '""');
const maintenance = new URL(handle.url);
maintenance.pathname = "/postgres";
const sql = postgres(maintenance.toString(), { max: 1, onnotice: () => undefined });
await sql.unsafe(`drop database if exists "${database}" with (force)`);
await sql.unsafe(`create database "${database}"`);
await sql.end();
process.env.DATABASE_URL = handle.url;
const { migrate } = await import("../../db/migrate");
await migrate();
const { seedDemo } = await import("./seed-demo");
const demo = await seedDemo();
console.log(`database reset; demo login ${demo.email} / ${demo.password}`);
const { closePools } = await import("../../db/pools");
await closePools();
await handle.stop();
