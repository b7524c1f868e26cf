interface Clock {
  ticks: Set<() => void>;
  stop: (() => void) | null;
}

const clocks = new Map<number, Clock>();

/**
 * Calls `tick` every `intervalMs`. From a dedicated worker when the browser allows it:
 * browsers throttle a hidden tab's own timers (Chrome: to once a minute after five
 * minutes), but not the messages a worker posts, so heartbeats keep their pace.
 * The tab's sockets share one clock per interval: starting a worker costs the page
 * around 10 ms of main thread, paid once rather than by every socket at load.
 * Returns the stop function.
 */
export function startTicker(tick: () => void, intervalMs: number): () => void {
  let clock = clocks.get(intervalMs);
  if (!clock) clocks.set(intervalMs, (clock = { ticks: new Set(), stop: null }));
  clock.ticks.add(tick);
  clock.stop ??= startClock(() => clock.ticks.forEach((each) => each()), intervalMs);
  return () => {
    if (!clock.ticks.delete(tick) || clock.ticks.size > 0) return;
    clock.stop?.();
    clock.stop = null;
    clocks.delete(intervalMs);
  };
}

function startClock(tick: () => void, intervalMs: number): () => void {
  if (typeof Worker !== "undefined" && typeof URL.createObjectURL === "function") {
    try {
      const source = `setInterval(() => postMessage(0), ${Number(intervalMs)});`;
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      const worker = new Worker(url);
      worker.onmessage = () => tick();
      return () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      };
    } catch {
      // A Content-Security-Policy without blob: workers: plain timers below.
    }
  }
  const timer = setInterval(tick, intervalMs);
  return () => clearInterval(timer);
}
