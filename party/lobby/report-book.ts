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

  /** Files the sender's latest report; returns it as filed (to store it). */
  file(sender: string, report: T, now: number): Filed<T> {
    const filed = { report, reportedAt: now };
    this.filed.set(sender, filed);
    return filed;
  }

  /** Returns true when the sender had a report. */
  forget(sender: string): boolean {
    return this.filed.delete(sender);
  }

  /** Forgets senders silent since before `now - ttl`; returns who they were. */
  expire(now: number): string[] {
    const expired = [...this.filed].filter(([, { reportedAt }]) => reportedAt < now - this.ttlMs).map(([sender]) => sender);
    for (const sender of expired) this.filed.delete(sender);
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
