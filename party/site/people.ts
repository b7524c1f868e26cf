import type { ShardPerson } from "../lobby/site-view";

interface Seen {
  userId: string;
  name: string;
  image: string | null;
  /** The post this socket's tab shows, as others may see it (null: elsewhere, or not to be said). */
  reading: string | null;
  movedAt: number;
  active: boolean;
  joinedAt: number;
}

/**
 * The visible signed-in people with a socket in this shard (a held one too: the lobby keeps them
 * off the list until their moment), as the online list shows them:
 * one entry per person however many tabs they have here, on the post their tab moved to
 * last, active if any tab is, named as their newest socket says.
 */
export class People {
  private readonly byConnection = new Map<string, Seen>();
  private readonly byUser = new Map<string, Set<string>>();

  has(userId: string): boolean {
    return this.byUser.has(userId);
  }

  userIds(): string[] {
    return [...this.byUser.keys()];
  }

  join(connectionId: string, person: Omit<Seen, "movedAt" | "joinedAt">, now: number): void {
    this.leave(connectionId);
    this.byConnection.set(connectionId, { ...person, movedAt: now, joinedAt: now });
    const connections = this.byUser.get(person.userId) ?? new Set<string>();
    this.byUser.set(person.userId, connections.add(connectionId));
  }

  leave(connectionId: string): void {
    const seen = this.byConnection.get(connectionId);
    if (!seen) return;
    this.byConnection.delete(connectionId);
    const connections = this.byUser.get(seen.userId);
    connections?.delete(connectionId);
    if (connections?.size === 0) this.byUser.delete(seen.userId);
  }

  /** Returns whether anything others see changed. */
  move(connectionId: string, reading: string | null, now: number): boolean {
    const seen = this.byConnection.get(connectionId);
    if (!seen || seen.reading === reading) return false;
    seen.reading = reading;
    seen.movedAt = now;
    return true;
  }

  /** Returns whether anything others see changed. */
  setActive(connectionId: string, active: boolean): boolean {
    const seen = this.byConnection.get(connectionId);
    if (!seen || seen.active === active) return false;
    seen.active = active;
    return true;
  }

  list(): ShardPerson[] {
    return [...this.byUser.values()].flatMap((connectionIds) => {
      const entries = [...connectionIds].flatMap((id) => this.byConnection.get(id) ?? []);
      const newest = entries.reduce((a, b) => (b.joinedAt > a.joinedAt ? b : a));
      const latest = entries.reduce((a, b) => (b.movedAt >= a.movedAt ? b : a));
      const active = entries.some((entry) => entry.active);
      return [{ id: newest.userId, name: newest.name, image: newest.image, reading: latest.reading, active, movedAt: latest.movedAt }];
    });
  }
}
