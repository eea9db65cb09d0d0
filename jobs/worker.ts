// npm run worker: one worker process; stops cleanly on SIGINT/SIGTERM.
import { closePools } from "../db/pools";
import { startWorker } from "./runner";

const runner = await startWorker();
await runner.promise;
await closePools();
