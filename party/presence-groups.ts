/** Who a group (a reader) is, as shown to others. `key` is private (the dedupe key); `id` is public. */
export interface GroupIdentity {
  key: string;
  id: string;
  label: string;
  color: string;
  image: string | null;
}

export interface GroupEntry<V> {
  identity: GroupIdentity;
  value: V;
  /** Whether any of the group's connections is active (a visible tab with recent input). */
  active: boolean;
  /** When the group's value last changed. */
  movedAt: number;
}

export interface GroupsDiff<V> {
  /** Groups that are new or changed beyond their value (identity, activity, who is in them). */
  upserts: GroupEntry<V>[];
  /** Groups whose value alone changed: public id and new value, nothing else to resend. */
  moved: [string, V][];
  removed: string[];
}

interface ConnectionEntry<V> {
  key: string;
  value: V;
  movedAt: number;
  active: boolean;
}

/**
 * Connections grouped by dedupe key: several connections (tabs, devices) with one key
 * are one group, whose value is that of the connection that changed last, and whose
 * identity is that of the connection that joined last. Changes are
 * gathered and taken as one diff per tick, so fan-out costs O(groups) per tick.
 * Used for an article's readers (value: progress) and for who is online (value: location).
 */
export class PresenceGroups<V> {
  private readonly connections = new Map<string, ConnectionEntry<V>>();
  private readonly connectionsByKey = new Map<string, Set<string>>();
  private readonly identities = new Map<string, GroupIdentity>();
  private readonly changedKeys = new Set<string>();
  /** Of the changed keys, those whose change is more than a new value. */
  private readonly reshapedKeys = new Set<string>();
  private readonly removedIds = new Set<string>();

  get count(): number {
    return this.connectionsByKey.size;
  }

  /** Adds a connection; returns true when it started a new group. */
  join(connectionId: string, identity: GroupIdentity, value: V, movedAt = 0, active = true): boolean {
    this.leave(connectionId);
    const isNewGroup = !this.connectionsByKey.has(identity.key);
    this.connections.set(connectionId, { key: identity.key, value, movedAt, active });
    const keyConnections = this.connectionsByKey.get(identity.key) ?? new Set<string>();
    keyConnections.add(connectionId);
    this.connectionsByKey.set(identity.key, keyConnections);
    // The newest connection carries the freshest identity (e.g. the person just chose to
    // hide): it replaces how the whole group appears, under its new public id if that changed.
    const previous = this.identities.get(identity.key);
    if (previous && previous.id !== identity.id) this.removedIds.add(previous.id);
    this.identities.set(identity.key, identity);
    this.removedIds.delete(identity.id);
    this.markReshaped(identity.key);
    return isNewGroup;
  }

  /** Removes a connection; returns true when its group ended. */
  leave(connectionId: string): boolean {
    const entry = this.connections.get(connectionId);
    if (!entry) return false;
    this.connections.delete(connectionId);
    const keyConnections = this.connectionsByKey.get(entry.key);
    keyConnections?.delete(connectionId);
    if (keyConnections && keyConnections.size > 0) {
      this.markReshaped(entry.key);
      return false;
    }
    this.connectionsByKey.delete(entry.key);
    const identity = this.identities.get(entry.key);
    this.identities.delete(entry.key);
    this.changedKeys.delete(entry.key);
    this.reshapedKeys.delete(entry.key);
    if (identity) this.removedIds.add(identity.id);
    return true;
  }

  /** Records a connection's new value; returns false for unknown connections. */
  update(connectionId: string, value: V, now: number): boolean {
    const entry = this.connections.get(connectionId);
    if (!entry) return false;
    entry.value = value;
    entry.movedAt = now;
    this.changedKeys.add(entry.key);
    return true;
  }

  /** Records whether a connection is active; returns false for unknown connections or no change. */
  setActive(connectionId: string, active: boolean): boolean {
    const entry = this.connections.get(connectionId);
    if (!entry || entry.active === active) return false;
    entry.active = active;
    this.markReshaped(entry.key);
    return true;
  }

  /** Whether the connection is in a group. */
  isMember(connectionId: string): boolean {
    return this.connections.has(connectionId);
  }

  has(key: string): boolean {
    return this.connectionsByKey.has(key);
  }

  snapshot(): GroupEntry<V>[] {
    return [...this.connectionsByKey.keys()].flatMap((key) => this.entryOf(key) ?? []);
  }

  /** Everything that changed since the last call, or null when nothing did. */
  takeDiff(): GroupsDiff<V> | null {
    if (this.changedKeys.size === 0 && this.removedIds.size === 0) return null;
    const upserts: GroupEntry<V>[] = [];
    const moved: [string, V][] = [];
    for (const key of this.changedKeys) {
      const entry = this.entryOf(key);
      if (!entry) continue;
      if (this.reshapedKeys.has(key)) upserts.push(entry);
      else moved.push([entry.identity.id, entry.value]);
    }
    const removed = [...this.removedIds];
    this.changedKeys.clear();
    this.reshapedKeys.clear();
    this.removedIds.clear();
    return { upserts, moved, removed };
  }

  private markReshaped(key: string): void {
    this.changedKeys.add(key);
    this.reshapedKeys.add(key);
  }

  private entryOf(key: string): GroupEntry<V> | null {
    const identity = this.identities.get(key);
    const keyConnections = this.connectionsByKey.get(key);
    if (!identity || !keyConnections) return null;
    let latest: ConnectionEntry<V> | undefined;
    let active = false;
    for (const connectionId of keyConnections) {
      const entry = this.connections.get(connectionId);
      if (entry && (!latest || entry.movedAt >= latest.movedAt)) latest = entry;
      active ||= entry?.active === true;
    }
    return latest ? { identity, value: latest.value, active, movedAt: latest.movedAt } : null;
  }
}
