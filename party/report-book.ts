/** A report and when it arrived. */
export interface Filed<T> {
  report: T;
  reportedAt: number;
}

/**
 * The latest report from each of several objects (article rooms, site shards), kept in a
 * form that survives in storage. A sender that falls silent for longer than the TTL is
 * forgotten: it may be gone without a last word, e.g. after the worker restarted.
 */
export class ReportBook<T> {
  private filed = new Map<string, Filed<T>>();

  constructor(private readonly ttlMs: number) {}

  get size(): number {
    return this.filed.size;
  }

  file(sender: string, report: T, now: number): void {
    this.filed.set(sender, { report, reportedAt: now });
  }

  /** Returns true when the sender had a report. */
  forget(sender: string): boolean {
    return this.filed.delete(sender);
  }

  /** Forgets senders silent since before `now - ttl`; returns true when any was. */
  expire(now: number): boolean {
    let expired = false;
    for (const [sender, { reportedAt }] of this.filed) {
      if (reportedAt < now - this.ttlMs) expired = this.filed.delete(sender) || expired;
    }
    return expired;
  }

  senders(): string[] {
    return [...this.filed.keys()];
  }

  reports(): T[] {
    return [...this.filed.values()].map(({ report }) => report);
  }

  entries(): [string, T][] {
    return [...this.filed].map(([sender, { report }]) => [sender, report]);
  }

  toStorage(): Record<string, Filed<T>> {
    return Object.fromEntries(this.filed);
  }

  loadStorage(stored: Record<string, Filed<T>> | undefined): void {
    this.filed = new Map(Object.entries(stored ?? {}));
  }
}
