// Small helpers for opening many sockets and waiting for traffic to settle.
import type { Traffic } from "./target";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `open` for 0..count-1 with at most `concurrency` in flight; failures are counted (the first one kept), not thrown. */
export async function openMany<T>(
  count: number,
  concurrency: number,
  open: (index: number) => Promise<T>,
): Promise<{ opened: T[]; failed: number; firstError: string | null }> {
  const opened: T[] = [];
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  async function lane(): Promise<void> {
    while (next < count) {
      const index = next++;
      try {
        opened.push(await open(index));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { opened, failed, firstError };
}

/** Resolves true once no frame has arrived for `quietMs`, or false after `capMs` whatever happens. */
export async function waitForQuiet(traffic: Traffic, quietMs: number, capMs: number): Promise<boolean> {
  const deadline = Date.now() + capMs;
  let seen = traffic.messages;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(50);
    if (traffic.messages !== seen) {
      seen = traffic.messages;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return true;
    }
  }
  return false;
}

/** The value at quantile `q` (0..1) of ascending `sorted`, or 0 when empty. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
