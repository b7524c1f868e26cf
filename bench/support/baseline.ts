// Starts the socket.io baseline (bench/baseline/server.ts) in its own Node process on
// loopback, and stops exactly that process afterwards.
import { spawn } from "node:child_process";
import { stopProcessGroup } from "./process-group";

export interface RunningBaseline {
  url: string;
  /** The baseline server's Node process (also its process group). */
  pid: number;
  /** Has the server collect its garbage (a benchmark-only hook), before its memory is read. */
  collectGarbage: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startBaseline(port: number): Promise<RunningBaseline> {
  // node itself (not npx) so that `pid` is the server process whose memory and CPU we read.
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "bench/baseline/server.ts", String(port)], {
    detached: true,
    stdio: "ignore",
  });
  const pid = child.pid;
  if (!pid) throw new Error("could not start the baseline");
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stopProcessGroup(pid);
      throw new Error("the baseline did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid,
    collectGarbage: async () => {
      await (await fetch(`${url}/gc`)).text();
    },
    stop: () => stopProcessGroup(pid),
  };
}
