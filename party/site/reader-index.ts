/** Who opened a connection, as the worker verified it at connect time. */
export interface ConnectionOwner {
  sessionId: string;
  userId: string | null;
}

const USER_PREFIX = "user:";
export const sessionKey = (sessionId: string) => `sid:${sessionId}`;
export const userKey = (userId: string) => `${USER_PREFIX}${userId}`;

/** Readers by kind: counted browser sessions (nobody signed in), and signed-in people. */
export interface ReaderTally {
  sessions: number;
  userIds: string[];
}

/**
 * Counts readers, not sockets. A reader is a signed-in person (all their devices) or
 * else a browser session (all its tabs). A browser session in which someone is signed
 * in belongs to that person, so tabs that are still anonymous while the others
 * upgrade never count twice. Every operation costs O(tabs of one browser).
 */
export class ReaderIndex {
  private readonly owners = new Map<string, ConnectionOwner>();
  private readonly keyOfConnection = new Map<string, string>();
  private readonly connectionsByKey = new Map<string, Set<string>>();
  private readonly anonymousBySession = new Map<string, Set<string>>();
  /** sessionId -> userId -> signed-in connections of that session. */
  private readonly claims = new Map<string, Map<string, number>>();

  get count(): number {
    return this.connectionsByKey.size;
  }

  has(key: string): boolean {
    return this.connectionsByKey.has(key);
  }

  /** Whether this browser session is counted (anonymously, or as the person signed in with it). */
  hasSession(sessionId: string): boolean {
    return this.anonymousBySession.has(sessionId) || this.claims.has(sessionId);
  }

  /** Readers by kind, so counts from several indexes can be merged without counting a person twice. */
  tally(): ReaderTally {
    const userIds: string[] = [];
    for (const key of this.connectionsByKey.keys()) {
      if (key.startsWith(USER_PREFIX)) userIds.push(key.slice(USER_PREFIX.length));
    }
    return { sessions: this.count - userIds.length, userIds };
  }

  keyOf(connectionId: string): string | undefined {
    return this.keyOfConnection.get(connectionId);
  }

  /** Adds (or re-adds with a new owner) a connection; returns true when the count changed. */
  add(connectionId: string, owner: ConnectionOwner): boolean {
    const before = this.count;
    this.detach(connectionId);
    this.owners.set(connectionId, owner);
    if (owner.userId === null) {
      addTo(this.anonymousBySession, owner.sessionId, connectionId);
      this.place(connectionId, this.anonymousKey(owner.sessionId));
    } else {
      this.claim(owner.sessionId, owner.userId, +1);
      this.place(connectionId, userKey(owner.userId));
    }
    return this.count !== before;
  }

  /** Returns true when the count changed. Unknown ids are ignored. */
  remove(connectionId: string): boolean {
    const before = this.count;
    this.detach(connectionId);
    return this.count !== before;
  }

  private detach(connectionId: string): void {
    const owner = this.owners.get(connectionId);
    if (!owner) return;
    this.owners.delete(connectionId);
    this.unplace(connectionId);
    if (owner.userId === null) removeFrom(this.anonymousBySession, owner.sessionId, connectionId);
    else this.claim(owner.sessionId, owner.userId, -1);
  }

  private anonymousKey(sessionId: string): string {
    const claimant = this.claims.get(sessionId)?.keys().next().value;
    return claimant === undefined ? sessionKey(sessionId) : userKey(claimant);
  }

  private claim(sessionId: string, userId: string, delta: 1 | -1): void {
    const byUser = this.claims.get(sessionId) ?? new Map<string, number>();
    const next = (byUser.get(userId) ?? 0) + delta;
    if (next > 0) byUser.set(userId, next);
    else byUser.delete(userId);
    if (byUser.size > 0) this.claims.set(sessionId, byUser);
    else this.claims.delete(sessionId);
    // The session's anonymous tabs follow whoever now owns the session.
    const newKey = this.anonymousKey(sessionId);
    for (const connectionId of this.anonymousBySession.get(sessionId) ?? []) {
      if (this.keyOfConnection.get(connectionId) !== newKey) {
        this.unplace(connectionId);
        this.place(connectionId, newKey);
      }
    }
  }

  private place(connectionId: string, key: string): void {
    this.keyOfConnection.set(connectionId, key);
    addTo(this.connectionsByKey, key, connectionId);
  }

  private unplace(connectionId: string): void {
    const key = this.keyOfConnection.get(connectionId);
    if (key === undefined) return;
    this.keyOfConnection.delete(connectionId);
    removeFrom(this.connectionsByKey, key, connectionId);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
