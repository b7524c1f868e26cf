// The machine a run happened on, for the results page.
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

export interface Machine {
  cores: number;
  model: string;
  memoryGiB: number;
  node: string;
  wrangler: string;
  socketIo: string;
}

function packageVersion(name: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
    return typeof parsed === "object" && parsed !== null && "version" in parsed ? String(parsed.version) : "?";
  } catch {
    return "?";
  }
}

export function describeMachine(): Machine {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  return {
    cores: cpus().length,
    model: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    wrangler: packageVersion("wrangler"),
    socketIo: packageVersion("socket.io"),
  };
}

/** The machine's 1-minute load average: on a shared machine, other work competes for the cores. */
export const loadAverage = () => Number((loadavg()[0] ?? 0).toFixed(1));
