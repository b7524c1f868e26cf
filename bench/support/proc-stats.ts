// Reads a process's resident memory and CPU time, and finds its descendants, from /proc (Linux).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream architecture.
const TICKS_PER_SECOND = 100;

interface StatLine {
  pid: number;
  ppid: number;
  command: string;
  cpuSeconds: number;
}

function readStat(pid: number): StatLine | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const close = text.lastIndexOf(")");
    const command = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid: Number(fields[1]), command, cpuSeconds: (utime + stime) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** Resident set size in bytes, or 0 when the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU time the process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  return readStat(pid)?.cpuSeconds ?? 0;
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** Every live descendant of `rootPid` (children, grandchildren, ...) with its command name. */
export function descendants(rootPid: number): { pid: number; command: string }[] {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readStat(Number(name)) ?? []);
  const found: { pid: number; command: string }[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const stat of stats) {
      if (stat.ppid !== parent) continue;
      found.push({ pid: stat.pid, command: stat.command });
      queue.push(stat.pid);
    }
  }
  return found;
}

/** The TCP ports a process listens on, on loopback IPv4 (its sockets' inodes matched in /proc/net/tcp). */
export function listeningPorts(pid: number): number[] {
  const LISTEN = "0A";
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith("socket:[")) inodes.add(target.slice("socket:[".length, -1));
    } catch {
      // closed meanwhile
    }
  }
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === LISTEN && inodes.has(fields[9] ?? ""))
    .map((fields) => Number.parseInt(fields[1]?.split(":")[1] ?? "", 16));
}

/**
 * Seconds the process's threads have spent runnable but waiting for a core (the scheduler's
 * run-queue delay, /proc/<pid>/task/<tid>/schedstat). It grows when the machine has more
 * work than cores: then delays measure the wait, not the code.
 */
export function runQueueWaitSeconds(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => {
      try {
        return sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1] ?? 0) / 1e9;
      } catch {
        return sum; // the thread ended meanwhile
      }
    }, 0);
  } catch {
    return 0;
  }
}
