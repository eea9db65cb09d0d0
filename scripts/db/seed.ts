// npm run db:seed: adds the demo workspace to the database named by DATABASE_URL.
import { closePools } from "../../db/pools";
import { seedDemo } from "./seed-demo";

const demo = await seedDemo();
console.log(`demo login: ${demo.email} / ${demo.password}`);
await closePools();
