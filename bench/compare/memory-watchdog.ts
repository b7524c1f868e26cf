// A guard for the baseline's join storm: broadcasting the whole list on every join can grow
// a server's memory fast. Past the limit, the server is stopped and the scenario recorded as such.
import { rssBytes } from "../support/proc-stats";

export function watchMemory(pids: number[], limitBytes: number, onExceeded: () => void): () => boolean {
  let exceeded = false;
  const timer = setInterval(() => {
    const total = pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
    if (total <= limitBytes || exceeded) return;
    exceeded = true;
    onExceeded();
  }, 250);
  return () => {
    clearInterval(timer);
    return exceeded;
  };
}
