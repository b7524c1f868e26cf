// Liveness rules with no runtime dependencies (unit-tested with fake timers):
// the grace window for departures, and what makes a connection a ghost.
import { GOODBYE_CLOSE_CODE } from "./protocol";
import { GHOST_AFTER_IDLE_MS, GHOST_AFTER_MS } from "./timing";

/**
 * Departures that wait out the grace window. A goodbye (close code 1000) leaves at once;
 * any other close leaves after `graceMs`, and if the reader has reconnected meanwhile
 * their new connection keeps them counted, so nothing changes for anyone.
 */
export class Departures {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Ghosts the object removed itself: their close, if it ever arrives, is no news. */
  private readonly swept = new Set<string>();

  constructor(private readonly graceMs: number) {}

  /** The ghost sweep removed this connection: drop its pending departure and ignore its close. */
  sweep(connectionId: string): void {
    this.cancel(connectionId);
    this.swept.add(connectionId);
  }

  /** Whether a close is for a connection the sweep already removed (asked once per close). */
  wasSwept(connectionId: string): boolean {
    return this.swept.delete(connectionId);
  }

  schedule(connectionId: string, code: number, leave: () => Promise<void> | void): void {
    this.cancel(connectionId);
    if (code === GOODBYE_CLOSE_CODE || this.graceMs <= 0) {
      void leave();
      return;
    }
    this.pending.set(
      connectionId,
      setTimeout(() => {
        this.pending.delete(connectionId);
        void leave();
      }, this.graceMs),
    );
  }

  cancel(connectionId: string): void {
    const timer = this.pending.get(connectionId);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(connectionId);
  }
}

/** The connection state fields liveness needs. */
export interface LivenessState {
  connectedAt: number;
  /**
   * false once the tab said it is idle (hidden, or untouched): its heartbeats may be
   * throttled. Attachments from before activity existed lack it: active.
   */
  active?: boolean;
}

/**
 * Connections whose last heartbeat (or, before the first one, their connect time) is
 * older than GHOST_AFTER_MS, or GHOST_AFTER_IDLE_MS for tabs that said they are idle.
 */
export function findGhosts<C extends { state: LivenessState | null }>(
  connections: Iterable<C>,
  lastHeartbeatOf: (connection: C) => number | null,
  now: number,
): C[] {
  const ghosts: C[] = [];
  for (const connection of connections) {
    const lastSign = lastHeartbeatOf(connection) ?? connection.state?.connectedAt ?? now;
    const bound = connection.state?.active === false ? GHOST_AFTER_IDLE_MS : GHOST_AFTER_MS;
    if (now - lastSign > bound) ghosts.push(connection);
  }
  return ghosts;
}
