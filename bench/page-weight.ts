// What a reader downloads and waits for on a post, against what a bare Next.js page of the same
// version costs, in one run: both built for production (`next build` + `next start`), the
// product with a private worker, each opened in turn in fresh Chromium contexts; and what the
// owner's desk loads, signed in as an owner. Prints the
// markdown docs/benchmarks.md quotes and keeps every sample in bench/results/page-weight.json.
// Usage: npm run bench:page   (needs `npm run db:setup`; builds into .next-bench folders)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { describeMachine, loadAverage } from "./compare/machine";
import { buildNextApp, startNextApp } from "./page/next-app";
import { measurePage, type PageSample } from "./page/measure-page";
import { type PageRun, renderPageRun } from "./page/report";
import { BENCH_SECRET, startBenchWorker } from "./support/worker";

// The benchmarks' own ports: the presence comparison uses 8700-8704 and 4100-4104.
const APP_PORT = 8808;
const WORKER_PORT = 8809;
const BARE_PORT = 8810;
const BARE_DIR = "bench/page/bare-app";
const POST = "/posts/how-live-presence-works";
const DESK = "/desk";
/** A demo sign-in name the bench's app takes for an owner. */
const OWNER = "Bench Owner";
const RUNS = Number(process.env.PAGE_BENCH_RUNS ?? 11);

async function main(): Promise<void> {
  if (!existsSync("prisma/dev.db")) throw new Error("run `npm run db:setup` first");
  const started = Date.now();
  const before = loadAverage();
  const appEnv = {
    ...process.env,
    NEXT_DIST_DIR: ".next-bench",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_PRESENCE_HOST: `127.0.0.1:${WORKER_PORT}`,
    PRESENCE_URL: `http://127.0.0.1:${WORKER_PORT}`,
    PRESENCE_SECRET: BENCH_SECRET,
    SITE_URL: `http://localhost:${APP_PORT}`,
    AUTH_SECRET: "bench-auth-secret-not-for-production-0123456789",
    // Chromium under Playwright is an automated browser, counted nowhere unless told: here it is a reader.
    COUNT_AUTOMATED_BROWSERS: "true",
    // The desk is for owners: the demo sign-in (off in production builds unless asked) as one.
    DEMO_SIGNIN: "true",
    ALLOW_DEMO_SIGNIN_IN_PRODUCTION: "true",
    DEMO_OWNER_NAMES: OWNER,
  };
  const bareEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  buildNextApp(".", appEnv);
  buildNextApp(BARE_DIR, bareEnv);

  const worker = await startBenchWorker(WORKER_PORT, { ALLOWED_ORIGINS: `http://localhost:${APP_PORT}` });
  const app = await startNextApp(".", APP_PORT, POST, appEnv).catch(async (error) => {
    await worker.stop();
    throw error;
  });
  const bareApp = await startNextApp(BARE_DIR, BARE_PORT, "/", bareEnv).catch(async (error) => {
    await Promise.all([app.stop(), worker.stop()]);
    throw error;
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const bare: PageSample[] = [];
    const post: PageSample[] = [];
    const desk: PageSample[] = [];
    // One visit of each first, not counted: the servers' first requests warm their caches.
    await measurePage(browser, `${bareApp.url}/`, { live: false });
    await measurePage(browser, `${app.url}${POST}`, { live: true });
    await measurePage(browser, `${app.url}${DESK}`, { live: false, signInAs: OWNER });
    for (let round = 0; round < RUNS; round++) {
      bare.push(await measurePage(browser, `${bareApp.url}/`, { live: false }));
      post.push(await measurePage(browser, `${app.url}${POST}`, { live: true }));
      desk.push(await measurePage(browser, `${app.url}${DESK}`, { live: false, signInAs: OWNER }));
    }
    const machine = describeMachine();
    const run: PageRun = {
      date: new Date().toISOString().slice(0, 10),
      seconds: (Date.now() - started) / 1000,
      machine: `${machine.cores} cores (${machine.model}), ${machine.memoryGiB} GiB, Node.js ${machine.node}, Chromium ${browser.version()}, wrangler ${machine.wrangler} (workerd), everything on loopback`,
      loadAverages: { before, after: loadAverage() },
      bare,
      post,
      postPath: POST,
      desk,
      deskPath: DESK,
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/page-weight.json", JSON.stringify(run, null, 2));
    console.log(renderPageRun(run));
  } finally {
    await browser.close();
    await Promise.all([app.stop(), bareApp.stop(), worker.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
