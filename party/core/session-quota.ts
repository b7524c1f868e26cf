/** Connections one browser session may hold to one object (site or a room): tabs, plus reloads in their grace window. */
export const MAX_CONNECTIONS_PER_SESSION = 20;

/**
 * Caps the connections of one browser session, so a script reusing one session id can't
 * open hundreds of sockets. Counting already makes them one reader; this keeps them from
 * costing memory and fan-out. Kept in memory and rebuilt from attachments after a wake-up.
 */
export class SessionQuota {
  private readonly sessionOf = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly max = MAX_CONNECTIONS_PER_SESSION) {}

  /** Takes a slot for the connection; false (and nothing taken) when its session has none left. */
  take(connectionId: string, sessionId: string): boolean {
    if (this.sessionOf.has(connectionId)) return true;
    const count = this.counts.get(sessionId) ?? 0;
    if (count >= this.max) return false;
    this.sessionOf.set(connectionId, sessionId);
    this.counts.set(sessionId, count + 1);
    return true;
  }

  /** Gives the connection's slot back; unknown connections are ignored. */
  release(connectionId: string): void {
    const sessionId = this.sessionOf.get(connectionId);
    if (sessionId === undefined) return;
    this.sessionOf.delete(connectionId);
    const count = (this.counts.get(sessionId) ?? 1) - 1;
    if (count > 0) this.counts.set(sessionId, count);
    else this.counts.delete(sessionId);
  }
}
