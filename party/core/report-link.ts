import { REPORT_HEARTBEAT_MS } from "./timing";
import { Throttle } from "./throttle";

/**
 * When a shard or a room tells the lobby what it holds. A change after a quiet spell is
 * reported at once; changes right after it ride along in one report at the end of the window.
 * Reports run one at a time: callers arriving meanwhile share the next run, which sees
 * everything that happened before it, and a failed run never stops the ones after it.
 */
export class ReportLink {
  private readonly throttle: Throttle;
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  /** When a report last reached the lobby. */
  lastReportAt = 0;

  /** `report` sends the report and handles the answer; it resolves to whether the lobby got it. */
  constructor(windowMs: number | (() => number), private readonly report: () => Promise<boolean>) {
    this.throttle = new Throttle(windowMs, () => this.now());
  }

  /** Whether a report is waiting to go: what the lobby knows may be behind. */
  get behind(): boolean {
    return this.throttle.pending || this.queued !== null;
  }

  /** Something changed: report soon (at once after a quiet spell). */
  soon(): void {
    this.throttle.request();
  }

  /** Reports now (after the one under way, if any). */
  now(): Promise<void> {
    if (!this.queued) {
      const next = this.running
        .catch(() => undefined)
        .then(async () => {
          this.queued = null;
          if (await this.report()) this.lastReportAt = Date.now();
        });
      this.queued = next;
      this.running = next;
    }
    return this.queued;
  }

  /**
   * Whether an object with readers should remind the lobby now: the lobby forgets senders it
   * hasn't heard from in a while, and waiting for the next sweep would leave it without news too long.
   */
  reminderDue(now: number, sweepMs: number): boolean {
    return now - this.lastReportAt + sweepMs >= REPORT_HEARTBEAT_MS;
  }
}
