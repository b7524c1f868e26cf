// Small helpers for opening many sockets and waiting for traffic to settle.
import type { Traffic } from "./target";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `open` for 0..count-1 with at most `concurrency` in flight; failures are counted, not thrown. */
export async function openMany<T>(
  count: number,
  concurrency: number,
  open: (index: number) => Promise<T>,
): Promise<{ opened: T[]; failed: number }> {
  const opened: T[] = [];
  let failed = 0;
  let next = 0;
  async function lane(): Promise<void> {
    while (next < count) {
      const index = next++;
      try {
        opened.push(await open(index));
      } catch {
        failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { opened, failed };
}

/** Resolves once no frame has arrived for `quietMs`, or after `capMs` whatever happens. */
export async function waitForQuiet(traffic: Traffic, quietMs: number, capMs: number): Promise<void> {
  const deadline = Date.now() + capMs;
  let seen = traffic.messages;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(50);
    if (traffic.messages !== seen) {
      seen = traffic.messages;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
  }
}

/** The value at quantile `q` (0..1) of ascending `sorted`, or 0 when empty. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
