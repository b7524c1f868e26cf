// CPU used over a measured phase by this generator and by the server's processes, and how
// long each waited for a core (on a busy machine, a process may be ready but not running).
import { cpuSeconds, runQueueWaitSeconds } from "../support/proc-stats";

export interface CpuShare {
  /** Share of one core: 1 means one core was busy for the whole phase. */
  generator: number;
  server: number;
  /** Waiting for a core, in the same unit: 0.5 means threads were ready but unscheduled for half the phase. */
  generatorWaiting: number;
  serverWaiting: number;
  /** How long the phase lasted, in seconds: share × seconds is CPU time. */
  seconds: number;
}

export function startCpuMeter(serverPids: number[]): () => CpuShare {
  const startedAt = performance.now();
  const generatorStart = process.cpuUsage();
  const sum = (read: (pid: number) => number) => () => serverPids.reduce((total, pid) => total + read(pid), 0);
  const serverCpu = sum(cpuSeconds);
  const serverWait = sum(runQueueWaitSeconds);
  const start = { serverCpu: serverCpu(), serverWait: serverWait(), generatorWait: runQueueWaitSeconds(process.pid) };
  return () => {
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const generatorUsage = process.cpuUsage(generatorStart);
    const share = (seconds: number) => Number((seconds / wallSeconds).toFixed(2));
    return {
      generator: share((generatorUsage.user + generatorUsage.system) / 1e6),
      server: share(serverCpu() - start.serverCpu),
      generatorWaiting: share(runQueueWaitSeconds(process.pid) - start.generatorWait),
      serverWaiting: share(serverWait() - start.serverWait),
      seconds: Number(wallSeconds.toFixed(2)),
    };
  };
}
