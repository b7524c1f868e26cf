// Starts and stops the real presence worker (wrangler dev, workerd) for the e2e run.
// The pid lives in a file so the restart test and global teardown, in other
// processes, stop exactly the process this setup started.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { E2E_WORKER_PORT, E2E_WORKER_URL, E2E_WORKER_VARS } from "./ports";

const STATE_DIR = path.resolve(".wrangler/e2e");
const PID_FILE = path.join(STATE_DIR, "worker.pid");
/** The worker's console output (its logs), appended across restarts within a run. */
const LOG_FILE = path.join(STATE_DIR, "worker.log");
/** The worker's settings for this run, secret included: an env file, never the command line. */
const VARS_FILE = path.join(STATE_DIR, "worker.vars");

/** Where the worker's log ends now: pass it to `workerLogSince` to read only what comes after. */
export function workerLogMark(): number {
  try {
    return statSync(LOG_FILE).size;
  } catch {
    return 0;
  }
}

export function workerLogSince(mark: number): string {
  try {
    return readFileSync(LOG_FILE).subarray(mark).toString("utf8");
  } catch {
    return "";
  }
}

/** The script tag's bundle (built, not committed): wrangler's build step makes it too, but the worker must not start without it. */
function buildScriptTag(): void {
  const bundled = spawnSync("node", ["scripts/build-script-tag.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
  if (bundled.status !== 0) throw new Error("Could not build the script tag");
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function isUp(): Promise<boolean> {
  try {
    return (await fetch(`${E2E_WORKER_URL}/health`)).ok;
  } catch {
    return false;
  }
}

/**
 * Starts wrangler dev on the e2e port; `fresh` wipes Durable Object storage first;
 * `vars` overrides the worker's settings (e.g. ONLINE_LIST_AUDIENCE) for this run.
 */
export async function startWorker({ fresh = false, vars = {} as Record<string, string> } = {}): Promise<void> {
  if (fresh) rmSync(path.join(STATE_DIR, "state"), { recursive: true, force: true });
  mkdirSync(STATE_DIR, { recursive: true });
  buildScriptTag();
  const log = openSync(LOG_FILE, "a");
  const settings = { ...E2E_WORKER_VARS, ...vars };
  writeFileSync(VARS_FILE, Object.entries(settings).map(([name, value]) => `${name}=${value}\n`).join(""));
  const child = spawn(
    "npx",
    // The inspector next to the worker's port, not wrangler's shared default (9229): e2e runs side by side don't collide.
    ["wrangler", "dev", "--port", String(E2E_WORKER_PORT), "--ip", "127.0.0.1", "--inspector-port", String(E2E_WORKER_PORT + 1),
      "--persist-to", path.join(STATE_DIR, "state"), "--env-file", VARS_FILE],
    {
      detached: true,
      stdio: ["ignore", log, "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    },
  );
  closeSync(log);
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  await waitUntil(isUp, 60_000, "the presence worker to start");
}

/** Stops the worker this setup started (its whole process group), and waits until it is gone. */
export async function stopWorker(): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(PID_FILE, "utf8"));
  } catch {
    return;
  }
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  rmSync(PID_FILE, { force: true });
  await waitUntil(async () => !(await isUp()), 15_000, "the presence worker to stop");
}
