/**
 * Runs `run` at most once per window, leading edge first: a change after a quiet window goes
 * out on the next turn of the event loop (so changes made in the same turn ride along), and
 * changes during a window are gathered into one run at its end. `windowMs` may be a function:
 * a room's tick grows with the room. Rooms' diffs, shards' reports and the lobby's pushes all
 * go through one of these.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRunAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs: number | (() => number),
    private readonly run: () => void | Promise<void>,
  ) {}

  /** Whether a run is waiting to go. */
  get pending(): boolean {
    return this.timer !== null;
  }

  request(): void {
    if (this.timer !== null) return;
    const window = typeof this.windowMs === "function" ? this.windowMs() : this.windowMs;
    const wait = Math.max(0, this.lastRunAt + window - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastRunAt = Date.now();
      try {
        void Promise.resolve(this.run()).catch(logRunError);
      } catch (error) {
        logRunError(error);
      }
    }, wait);
  }
}

function logRunError(error: unknown): void {
  console.error("throttled run failed", error);
}
