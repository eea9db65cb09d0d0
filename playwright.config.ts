import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);

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
      command: "npx tsx server.ts",
      url: `http://localhost:${port}/healthz`,
      env: { PORT: String(port), NODE_ENV: "test", APP_URL: `http://localhost:${port}` },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "npx tsx jobs/worker.ts",
      env: { NODE_ENV: "test", WORKER_CONCURRENCY: "2" },
      reuseExistingServer: false,
      wait: { stdout: /worker started/ },
      timeout: 60_000,
    },
  ],
});
