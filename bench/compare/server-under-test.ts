// Either design, started on its own port for one scenario: the presence worker under
// wrangler dev (its readers connect to the runtime itself, past the dev proxy), or the
// socket.io baseline. Says which process is "the server".
import { startBaseline } from "../support/baseline";
import { rssBytes } from "../support/proc-stats";
import { runtimeUrl, startBenchWorker } from "../support/worker";

export type Design = "worker" | "baseline";

export interface ServerUnderTest {
  design: Design;
  url: string;
  /** The process that runs the design: workerd's runtime, or the baseline's Node process. */
  cpuPids: number[];
  /** The server's resident memory, after a garbage collection where the design allows one (the baseline). */
  memory: () => Promise<number>;
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
        return rssBytes(baseline.pid);
      },
      stop: baseline.stop,
    };
  }
  const worker = await startBenchWorker(port, vars);
  const runtime = worker.runtimePid();
  return {
    design,
    url: await runtimeUrl(runtime).catch(async (error: unknown) => {
      await worker.stop();
      throw error;
    }),
    cpuPids: [runtime],
    memory: async () => rssBytes(runtime),
    stop: worker.stop,
  };
}
