import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const metaPort = port + 1;
const stripePort = port + 2;
// The server, the worker and the specs reach the same emulators.
const appEnv = {
  NODE_ENV: "test",
  APP_URL: `http://localhost:${port}`,
  META_GRAPH_URL: `http://127.0.0.1:${metaPort}`,
  STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
  STRIPE_SECRET_KEY: "sk_test_kiana_e2e",
  STRIPE_WEBHOOK_SECRET: "whsec_kiana_e2e_only",
};
process.env.META_GRAPH_URL = appEnv.META_GRAPH_URL;
process.env.STRIPE_API_BASE = appEnv.STRIPE_API_BASE;
process.env.STRIPE_SECRET_KEY = appEnv.STRIPE_SECRET_KEY;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
    trace: "off",
  },
  webServer: [
    {
      command: `npx tsx scripts/emulators/stripe/main.ts --port ${stripePort}`,
      url: `${appEnv.STRIPE_API_BASE}/__admin/health`,
      env: { STRIPE_WEBHOOK_SECRET: appEnv.STRIPE_WEBHOOK_SECRET, STRIPE_EMULATOR_WEBHOOK_URL: `http://localhost:${port}/webhooks/stripe` },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx tsx scripts/emulators/meta/main.ts --port ${metaPort}`,
      url: `${appEnv.META_GRAPH_URL}/__admin/health`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "npx tsx server.ts",
      url: `http://localhost:${port}/healthz`,
      env: { ...appEnv, PORT: String(port) },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "npx tsx jobs/worker.ts",
      env: { ...appEnv, WORKER_CONCURRENCY: "2" },
      reuseExistingServer: false,
      wait: { stdout: /worker started/ },
      timeout: 60_000,
    },
  ],
});
