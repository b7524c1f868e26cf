// Measures what a reader downloads and waits for on a post page: the JavaScript the page
// loads first (compressed and not), the HTML, and load timings in real Chromium, against a
// production build (`next build` + `next start`) and the real worker.
// Usage: npx tsx bench/page-weight.ts   (builds into .next-bench first; needs `npm run db:setup`)
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { stopProcessGroup } from "./support/process-group";
import { BENCH_SECRET, startBenchWorker } from "./support/worker";

// The benchmarks' own ports: the presence comparison uses 8700-8704 and 4100-4104.
const APP_PORT = 8808;
const WORKER_PORT = 8809;
const POST = "/posts/how-live-presence-works";
const RUNS = 5;

async function waitForApp(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app did not start");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  if (!existsSync("prisma/dev.db")) throw new Error("run `npm run db:setup` first");
  const env = {
    ...process.env,
    NEXT_DIST_DIR: ".next-bench",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_PRESENCE_HOST: `127.0.0.1:${WORKER_PORT}`,
    PRESENCE_URL: `http://127.0.0.1:${WORKER_PORT}`,
    PRESENCE_SECRET: BENCH_SECRET,
    AUTH_SECRET: "bench-auth-secret-not-for-production-0123456789",
  };
  const build = spawnSync("npx", ["next", "build"], { stdio: "ignore", env });
  if (build.status !== 0) throw new Error("next build failed");
  const worker = await startBenchWorker(WORKER_PORT, { ALLOWED_ORIGINS: `http://localhost:${APP_PORT}` });
  const app = spawn("npx", ["next", "start", "--port", String(APP_PORT)], { detached: true, stdio: "ignore", env });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const base = `http://localhost:${APP_PORT}`;
    await waitForApp(`${base}${POST}`);
    const samples: { scriptsEncoded: number; scriptsDecoded: number; html: number; dcl: number; load: number; live: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${base}${POST}`, { waitUntil: "load" });
      await page.getByTestId("readers-active").waitFor();
      const live = Date.now() - started;
      samples.push(
        await page.evaluate((liveMs) => {
          const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
          const scripts = resources.filter((entry) => entry.initiatorType === "script" || entry.name.endsWith(".js"));
          const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
          return {
            scriptsEncoded: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
            scriptsDecoded: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
            html: navigation?.encodedBodySize ?? 0,
            dcl: navigation?.domContentLoadedEventEnd ?? 0,
            load: navigation?.loadEventEnd ?? 0,
            live: liveMs,
          };
        }, live),
      );
      await context.close();
    }
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const first = samples[0]!;
    console.log(
      JSON.stringify(
        {
          page: POST,
          runs: RUNS,
          firstLoadJsCompressed: kb(first.scriptsEncoded),
          firstLoadJsUncompressed: kb(first.scriptsDecoded),
          htmlCompressed: kb(first.html),
          medianDomContentLoadedMs: Math.round(median(samples.map((s) => s.dcl))),
          medianLoadMs: Math.round(median(samples.map((s) => s.load))),
          medianUntilLiveCountMs: Math.round(median(samples.map((s) => s.live))),
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await stopProcessGroup(app.pid);
    await worker.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
