// Starts a private presence worker (wrangler dev, workerd) on loopback for a benchmark,
// and stops exactly that process group afterwards.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { commandLine, descendants } from "./proc-stats";
import { stopProcessGroup } from "./process-group";

export const BENCH_SECRET = "bench-presence-secret-not-for-production-0123456789";

/**
 * wrangler dev runs two workerd processes: a dev proxy that listens on the chosen port
 * (it buffers requests across reloads) and the runtime that runs the worker itself.
 */
export interface WorkerdProcesses {
  runtime: number;
  proxy: number | null;
}

export interface RunningWorker {
  url: string;
  /** The process group wrangler runs in. */
  pid: number;
  workerd: () => WorkerdProcesses;
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

function findWorkerd(rootPid: number, port: number): WorkerdProcesses {
  const workerds = descendants(rootPid).filter((child) => child.command === "workerd");
  const isProxy = (pid: number) => commandLine(pid).includes(`entry=127.0.0.1:${port} `);
  const runtime = workerds.find((child) => !isProxy(child.pid));
  if (!runtime) throw new Error("no workerd process found under wrangler");
  return { runtime: runtime.pid, proxy: workerds.find((child) => isProxy(child.pid))?.pid ?? null };
}

export async function startBenchWorker(port: number, extraVars: Record<string, string> = {}): Promise<RunningWorker> {
  const stateDir = `.wrangler/bench-${port}`;
  rmSync(stateDir, { recursive: true, force: true });
  const vars = { PRESENCE_SECRET: BENCH_SECRET, ALLOWED_ORIGINS: "http://bench.local", ...extraVars };
  // No log line per request: nobody reads them, and thousands of sockets' lines cost wrangler's Node process CPU.
  const args = ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir, "--log-level", "warn"];
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  // wrangler's dev proxy holds ~6 file descriptors per socket: rooms of thousands pass a usual
  // soft limit, so the shell raises it to the hard limit first (it can't go past that).
  const child: ChildProcess = spawn("sh", ["-c", 'ulimit -n "$(ulimit -Hn)"; exec npx "$@"', "sh", ...args], {
    detached: true,
    stdio: "ignore",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  const pid = child.pid;
  if (!pid) throw new Error("could not start wrangler");
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, 60_000);
  } catch (error) {
    await stopProcessGroup(pid);
    throw error;
  }
  return {
    url,
    pid,
    workerd: () => findWorkerd(pid, port),
    stop: async () => {
      await stopProcessGroup(pid);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
