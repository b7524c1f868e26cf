// Starts a private presence worker (wrangler dev, workerd) on loopback for a benchmark,
// and stops exactly that process group afterwards.
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { commandLine, descendants, listeningPorts } from "./proc-stats";
import { stopProcessGroup } from "./process-group";

export const BENCH_SECRET = "bench-presence-secret-not-for-production-0123456789";

export interface RunningWorker {
  /** wrangler's address: through its dev proxy, as `npm run dev` serves the app. */
  url: string;
  /** The process group wrangler runs in. */
  pid: number;
  /**
   * wrangler dev runs two workerd processes: a dev proxy that listens on the chosen port (it
   * buffers requests across reloads) and the runtime that runs the worker; this is the runtime's id.
   */
  runtimePid: () => number;
  stop: () => Promise<void>;
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`);
    return response.ok && (await response.text()) === "ok";
  } catch {
    return false;
  }
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isHealthy(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`worker at ${url} did not start`);
}

function findRuntime(rootPid: number, port: number): number {
  const isProxy = (pid: number) => commandLine(pid).includes(`entry=127.0.0.1:${port} `);
  const runtime = descendants(rootPid).find((child) => child.command === "workerd" && !isProxy(child.pid));
  if (!runtime) throw new Error("no workerd process found under wrangler");
  return runtime.pid;
}

export async function startBenchWorker(port: number, extraVars: Record<string, string> = {}): Promise<RunningWorker> {
  const stateDir = `.wrangler/bench-${port}`;
  rmSync(stateDir, { recursive: true, force: true });
  const vars = { PRESENCE_SECRET: BENCH_SECRET, ALLOWED_ORIGINS: "http://bench.local", ...extraVars };
  // No log line per request: nobody reads them, and thousands of sockets' lines cost wrangler's Node process CPU.
  const args = ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir, "--log-level", "warn"];
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);
  // Rooms of thousands of sockets pass a usual soft limit of file descriptors, so the shell
  // raises it to the hard limit first (it can't go past that).
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
    runtimePid: () => findRuntime(pid, port),
    stop: async () => {
      await stopProcessGroup(pid);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * The runtime's own address, past wrangler's dev proxy: the socket the workerd that runs the
 * worker listens on (it has a few; the one that answers /health is the worker's). Production
 * has no dev proxy, which holds ~6 file descriptors per socket and would cap a room near 3,300
 * sockets here; the benchmark's readers connect here instead.
 */
export async function runtimeUrl(runtimePid: number): Promise<string> {
  for (const port of listeningPorts(runtimePid)) {
    const url = `http://127.0.0.1:${port}`;
    if (await isHealthy(url)) return url;
  }
  throw new Error(`workerd ${runtimePid} serves the worker on none of its ports`);
}
