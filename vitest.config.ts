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
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    env: {
      META_APP_SECRET: "meta-app-secret-for-tests",
      // Two test-only keys, so a rotation test can move every stored secret to the second and back
      // while other test files keep reading them.
      SECRETS_KEYS: "test1:GDRMfsXRv591f4SoKm/3WM9JlvpUricIR9ldHkmvceU=,test2:9yMZH1A1xH8zx8KpHQ13G2DeZvMPHlIwuUyz6xj3BxQ=",
    },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
