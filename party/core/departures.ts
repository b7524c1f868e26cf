// When a closed socket stops counting: a goodbye at once, any other close after the grace
// window, so a reload or a network blip changes nothing for anyone. Pure timers: unit-tested
// with fake timers. A reconnect is a new socket with its own server-assigned id, and the
// reader stays counted through it; the old socket's departure simply goes ahead.
import { CLOSE_CODES } from "../shared/protocol";

export class Departures {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly graceMs: number) {}

  /** Schedules `leave` for a socket that closed with `code` (a later close of the same socket replaces it). */
  schedule(connectionId: string, code: number, leave: () => void): void {
    const earlier = this.pending.get(connectionId);
    if (earlier !== undefined) clearTimeout(earlier);
    this.pending.delete(connectionId);
    if (code === CLOSE_CODES.goodbye || this.graceMs <= 0) return leave();
    this.pending.set(
      connectionId,
      setTimeout(() => {
        this.pending.delete(connectionId);
        leave();
      }, this.graceMs),
    );
  }
}
