// npm run db:migrate: creates the roles (when allowed) and applies pending migrations, on
// DATABASE_URL or, when it is unset, on the embedded development cluster.
import { ensurePostgres } from "./postgres";

const handle = await ensurePostgres("kiana");
process.env.DATABASE_URL = handle.url;
const { migrate } = await import("../../db/migrate");
const applied = await migrate();
console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date");
await handle.stop();
