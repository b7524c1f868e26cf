// The resident memory of the process serving the e2e app, found by the port it listens on
// (Linux: `ss` and /proc). null elsewhere, where a test can still check refusals.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export function appRssBytes(port: number): number | null {
  try {
    const listening = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(listening)?.[1];
    if (!pid) return null;
    const rssKb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return rssKb ? Number(rssKb) * 1024 : null;
  } catch {
    return null;
  }
}
