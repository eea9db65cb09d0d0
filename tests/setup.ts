// Closes the database pools after each test file so vitest's workers exit promptly.
import { afterAll } from "vitest";
import { closePools } from "../db/pools";

afterAll(async () => {
  await closePools();
});
