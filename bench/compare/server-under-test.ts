// Either design, started on its own port for one scenario: the presence worker under
// wrangler dev, or the socket.io baseline. Says which processes are "the server".
import { startBaseline } from "../support/baseline";
import { rssBytes } from "../support/proc-stats";
import { startBenchWorker } from "../support/worker";

export type Design = "worker" | "baseline";

export interface ServerMemory {
  /** The process that runs the design: workerd's runtime, or the baseline's Node process. */
  server: number;
  /** wrangler's dev proxy (a second workerd every socket passes through); null for the baseline. */
  proxy: number | null;
}

export interface ServerUnderTest {
  design: Design;
  url: string;
  /** Processes whose CPU time is the server's (for the worker: its runtime and wrangler's dev proxy). */
  cpuPids: number[];
  /** Resident memory, after a garbage collection where the design allows one (the baseline). */
  memory: () => Promise<ServerMemory>;
  stop: () => Promise<void>;
}

export async function startServer(design: Design, port: number, vars: Record<string, string> = {}): Promise<ServerUnderTest> {
  if (design === "baseline") {
    const baseline = await startBaseline(port);
    return {
      design,
      url: baseline.url,
      cpuPids: [baseline.pid],
      memory: async () => {
        await baseline.collectGarbage();
        return { server: rssBytes(baseline.pid), proxy: null };
      },
      stop: baseline.stop,
    };
  }
  const worker = await startBenchWorker(port, vars);
  const { runtime, proxy } = worker.workerd();
  return {
    design,
    url: worker.url,
    cpuPids: proxy === null ? [runtime] : [runtime, proxy],
    memory: async () => ({ server: rssBytes(runtime), proxy: proxy === null ? null : rssBytes(proxy) }),
    stop: worker.stop,
  };
}
