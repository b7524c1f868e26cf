/** Who opened a connection, as the worker verified it at connect time. */
export interface ConnectionOwner {
  sessionId: string;
  userId: string | null;
  /**
   * The browser session this one continues: a browser gets a new session id when someone
   * signs in or out, and until its old sockets are gone, old and new are one reader.
   */
  continues?: string | null;
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
 * Counts readers, not sockets. A reader is a signed-in person (all their devices) or else a
 * browser session (all its tabs). A browser session in which someone is signed in belongs to
 * that person, so tabs that are still anonymous while the others upgrade never count twice;
 * and a session that continues another (the browser's new id after a sign-in or sign-out)
 * is the same reader as that one while it has sockets. Every operation costs O(tabs of one browser).
 */
export class ReaderIndex {
  private readonly owners = new Map<string, ConnectionOwner>();
  private readonly keyOfConnection = new Map<string, string>();
  private readonly connectionsByKey = new Map<string, Set<string>>();
  private readonly anonymousBySession = new Map<string, Set<string>>();
  /** sessionId -> userId -> signed-in connections claiming that session (their own, or the one they continue). */
  private readonly claims = new Map<string, Map<string, number>>();
  /** sessionId -> the session its anonymous connections continue -> how many. */
  private readonly continuations = new Map<string, Map<string, number>>();
  /** sessionId -> sessions whose anonymous connections continue it. */
  private readonly continuedBy = new Map<string, Set<string>>();
  /** sessionId -> connections opened with it. */
  private readonly connectionsOfSession = new Map<string, number>();

  get count(): number {
    return this.connectionsByKey.size;
  }

  has(key: string): boolean {
    return this.connectionsByKey.has(key);
  }

  /** Whether this browser session is counted (anonymously, or as the person signed in with it). */
  hasSession(sessionId: string): boolean {
    return this.connectionsOfSession.has(sessionId) || this.claims.has(sessionId);
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
    bump(this.connectionsOfSession, owner.sessionId, +1);
    const continued = owner.continues && owner.continues !== owner.sessionId ? owner.continues : null;
    if (owner.userId === null) {
      addTo(this.anonymousBySession, owner.sessionId, connectionId);
      if (continued) this.continueSession(owner.sessionId, continued, +1);
      this.place(connectionId, this.anonymousKey(owner.sessionId));
    } else {
      this.place(connectionId, userKey(owner.userId));
      this.claim(owner.sessionId, owner.userId, +1);
      if (continued) this.claim(continued, owner.userId, +1);
    }
    this.refresh([owner.sessionId, ...(continued ? [continued] : [])]);
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
    bump(this.connectionsOfSession, owner.sessionId, -1);
    const continued = owner.continues && owner.continues !== owner.sessionId ? owner.continues : null;
    if (owner.userId === null) {
      removeFrom(this.anonymousBySession, owner.sessionId, connectionId);
      if (continued) this.continueSession(owner.sessionId, continued, -1);
    } else {
      this.claim(owner.sessionId, owner.userId, -1);
      if (continued) this.claim(continued, owner.userId, -1);
    }
    this.refresh([owner.sessionId, ...(continued ? [continued] : [])]);
  }

  /**
   * Whose reader a session's anonymous connections count as: the person signed in with it, or
   * else (while that session still has connections) the reader of the session it continues.
   */
  private anonymousKey(sessionId: string, depth = 0): string {
    const claimant = this.claims.get(sessionId)?.keys().next().value;
    if (claimant !== undefined) return userKey(claimant);
    if (depth < 4) {
      for (const continued of this.continuations.get(sessionId)?.keys() ?? []) {
        if (this.hasSession(continued)) return this.anonymousKey(continued, depth + 1);
      }
    }
    return sessionKey(sessionId);
  }

  private claim(sessionId: string, userId: string, delta: 1 | -1): void {
    const byUser = this.claims.get(sessionId) ?? new Map<string, number>();
    bump(byUser, userId, delta);
    if (byUser.size > 0) this.claims.set(sessionId, byUser);
    else this.claims.delete(sessionId);
  }

  private continueSession(sessionId: string, continued: string, delta: 1 | -1): void {
    const targets = this.continuations.get(sessionId) ?? new Map<string, number>();
    bump(targets, continued, delta);
    if (targets.size > 0) this.continuations.set(sessionId, targets);
    else this.continuations.delete(sessionId);
    if (targets.has(continued)) addTo(this.continuedBy, continued, sessionId);
    else removeFrom(this.continuedBy, continued, sessionId);
  }

  /** Re-keys the anonymous connections of these sessions, and of those that continue them, after a change. */
  private refresh(sessions: string[]): void {
    const affected = new Set<string>();
    const visit = (sessionId: string, depth: number) => {
      if (affected.has(sessionId) || depth > 4) return;
      affected.add(sessionId);
      for (const next of this.continuedBy.get(sessionId) ?? []) visit(next, depth + 1);
    };
    for (const sessionId of sessions) visit(sessionId, 0);
    for (const sessionId of affected) {
      const key = this.anonymousKey(sessionId);
      for (const connectionId of this.anonymousBySession.get(sessionId) ?? []) {
        if (this.keyOfConnection.get(connectionId) !== key) {
          this.unplace(connectionId);
          this.place(connectionId, key);
        }
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

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
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
