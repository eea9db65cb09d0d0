import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": path.resolve("app") },
  },
  test: {
    include: ["app/**/*.test.ts", "db/**/*.test.ts", "emails/**/*.test.ts", "jobs/**/*.test.ts", "tests/integration/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    setupFiles: ["tests/setup.ts"],
    env: { META_APP_SECRET: "meta-app-secret-for-tests" },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
