// Builds a Next.js app for production and serves it with `next start` on loopback, for the
// page benchmark; stops exactly the server it started.
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { stopProcessGroup } from "../support/process-group";

export interface RunningApp {
  url: string;
  stop: () => Promise<void>;
}

// The repository's own next, for the product and the bare fixture alike.
const NEXT = resolve("node_modules/.bin/next");

export function buildNextApp(dir: string, env: NodeJS.ProcessEnv): void {
  const build = spawnSync(NEXT, ["build", dir], { stdio: ["ignore", "ignore", "inherit"], env });
  if (build.status !== 0) throw new Error(`next build ${dir} failed`);
}

async function waitUntilServing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${url} did not answer`);
}

/** `next start` of an app built by buildNextApp; resolves once `readyPath` answers 200. */
export async function startNextApp(dir: string, port: number, readyPath: string, env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const child = spawn(NEXT, ["start", dir, "--port", String(port), "--hostname", "127.0.0.1"], { detached: true, stdio: "ignore", env });
  const url = `http://localhost:${port}`;
  try {
    await waitUntilServing(`${url}${readyPath}`, 60_000);
  } catch (error) {
    await stopProcessGroup(child.pid);
    throw error;
  }
  return { url, stop: () => stopProcessGroup(child.pid) };
}
