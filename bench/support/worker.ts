// Starts a private presence worker (wrangler dev, workerd) on loopback for a benchmark,
// and stops exactly that process group afterwards.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";

export const BENCH_SECRET = "bench-presence-secret-not-for-production-0123456789";

export interface RunningWorker {
  url: string;
  stop: () => Promise<void>;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`worker at ${url} did not start`);
}

export async function startBenchWorker(port: number, extraVars: Record<string, string> = {}): Promise<RunningWorker> {
  const stateDir = `.wrangler/bench-${port}`;
  rmSync(stateDir, { recursive: true, force: true });
  const vars = { PRESENCE_SECRET: BENCH_SECRET, ALLOWED_ORIGINS: "http://bench.local", ...extraVars };
  const args = ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir];
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  const child: ChildProcess = spawn("npx", args, {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, 60_000);
  return {
    url,
    stop: async () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
