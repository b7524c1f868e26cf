/**
 * Calls `tick` every `intervalMs`. From a dedicated worker when the browser allows it:
 * browsers throttle a hidden tab's own timers (Chrome: to once a minute after five
 * minutes), but not the messages a worker posts, so heartbeats keep their pace.
 * Returns the stop function.
 */
export function startTicker(tick: () => void, intervalMs: number): () => void {
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
