// CPU used over a measured phase by this generator and by the server's processes.
import { cpuSeconds } from "../support/proc-stats";

export interface CpuShare {
  /** Share of one core: 1 means one core was busy for the whole phase. */
  generator: number;
  server: number;
}

export function startCpuMeter(serverPids: number[]): () => CpuShare {
  const startedAt = performance.now();
  const generatorStart = process.cpuUsage();
  const serverSeconds = () => serverPids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const serverStart = serverSeconds();
  return () => {
    const wallSeconds = (performance.now() - startedAt) / 1000;
    const generatorUsage = process.cpuUsage(generatorStart);
    const generatorSeconds = (generatorUsage.user + generatorUsage.system) / 1e6;
    const round = (value: number) => Number(value.toFixed(2));
    return { generator: round(generatorSeconds / wallSeconds), server: round((serverSeconds() - serverStart) / wallSeconds) };
  };
}
