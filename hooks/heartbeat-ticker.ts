interface Clock {
  ticks: Set<() => void>;
  stop: () => void;
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
  const clock = clocks.get(intervalMs) ?? startSharedClock(intervalMs);
  clock.ticks.add(tick);
  return () => {
    if (!clock.ticks.delete(tick) || clock.ticks.size > 0) return;
    clock.stop();
    clocks.delete(intervalMs);
  };
}

function startSharedClock(intervalMs: number): Clock {
  const ticks = new Set<() => void>();
  const clock = { ticks, stop: startClock(() => ticks.forEach((each) => each()), intervalMs) };
  clocks.set(intervalMs, clock);
  return clock;
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
