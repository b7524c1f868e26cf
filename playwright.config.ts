import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import {
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_DEMO_OWNER,
  E2E_EXAMPLE_PORT,
  E2E_EXAMPLE_URL,
  E2E_GITHUB_CLIENT_ID,
  E2E_GITHUB_CLIENT_SECRET,
  E2E_OAUTH_URL,
  E2E_PRESENCE_SECRET,
  E2E_STATIC_PORT,
  E2E_STATIC_URL,
  E2E_STATUS_API_KEY,
  E2E_WORKER_URL,
} from "./tests/e2e/support/ports";

// Debian's Chromium (apt-get install chromium); elsewhere set CHROMIUM_PATH, or leave it
// unset without /usr/bin/chromium to use Playwright's own browser.
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  // Presence is site-wide: tests that count readers must not overlap.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  use: {
    baseURL: E2E_APP_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "node scripts/e2e-app.mjs",
      url: `${E2E_APP_URL}/feed.xml`,
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        E2E_APP_PORT: String(E2E_APP_PORT),
        PRESENCE_SECRET: E2E_PRESENCE_SECRET,
        AUTH_SECRET: "e2e-auth-secret-not-for-production-0123456789",
        DEMO_SIGNIN: "true",
        // Playwright's browsers are automated: in the e2e suite they count as readers.
        COUNT_AUTOMATED_BROWSERS: "true",
        // The demo sign-in name that is an owner of the e2e blog (its desk).
        DEMO_OWNER_NAMES: E2E_DEMO_OWNER,
        STATUS_API_KEY: E2E_STATUS_API_KEY,
        // The real GitHub provider, pointed at the local OAuth server the OAuth test starts.
        AUTH_GITHUB_ID: E2E_GITHUB_CLIENT_ID,
        AUTH_GITHUB_SECRET: E2E_GITHUB_CLIENT_SECRET,
        AUTH_GITHUB_ENTERPRISE_URL: E2E_OAUTH_URL,
      },
    },
    {
      // Another blog reusing the worker and the client pieces (examples/other-blog, docs/embedding.md).
      command: "node scripts/e2e-example.mjs",
      url: E2E_EXAMPLE_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
      // Its readers are Playwright's automated browsers too: counted, as in the blog above.
      env: { E2E_EXAMPLE_PORT: String(E2E_EXAMPLE_PORT), PRESENCE_SECRET: E2E_PRESENCE_SECRET, COUNT_AUTOMATED_BROWSERS: "true" },
    },
    {
      // A static blog (examples/static-blog): plain HTML with the worker's one script tag, on a plain static server.
      command: "node scripts/static-server.mjs examples/static-blog",
      url: `${E2E_STATIC_URL}/sitemap.xml`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { E2E_STATIC_PORT: String(E2E_STATIC_PORT), PRESENCE_ORIGIN: E2E_WORKER_URL },
    },
  ],
});
