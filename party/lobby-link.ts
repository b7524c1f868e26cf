import { Coalescer } from "./coalescer";
import { SHARD_REPORT_DELAY_MS } from "./timing";

/**
 * When a site shard talks to the lobby. A change after a quiet spell is reported at once (a
 * lone reader's snapshot comes without waiting); changes right after it ride along in one
 * report at the end of the window. Reports run one at a time: callers arriving meanwhile
 * share the next run, which sees everything that happened before it, and a failed run never
 * stops the ones after it.
 */
export class LobbyLink {
  private readonly timer = new Coalescer(SHARD_REPORT_DELAY_MS, () => this.now());
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private lastStartedAt = 0;

  /** `report` sends the shard's report and handles the answer; it is run by this link only. */
  constructor(private readonly report: () => Promise<void>) {}

  /** Whether a report is waiting to go: what the lobby knows may be behind. */
  get behind(): boolean {
    return this.timer.pending || this.queued !== null;
  }

  soon(): void {
    if (!this.timer.pending && Date.now() - this.lastStartedAt >= SHARD_REPORT_DELAY_MS) void this.now();
    else this.timer.schedule();
  }

  /** Reports within the window, whatever happened lately (e.g. after waking up). */
  later(): void {
    this.timer.schedule();
  }

  now(): Promise<void> {
    if (!this.queued) {
      const next = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          this.lastStartedAt = Date.now();
          return this.report();
        });
      this.queued = next;
      this.running = next;
    }
    return this.queued;
  }
}
