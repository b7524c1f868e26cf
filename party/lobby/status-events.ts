// The status-change events of the status API: online, idle, offline, for signed-in
// people who show themselves online. Derived from the merged people diffs the lobby
// computes for the shards anyway, so they cost nothing extra and arrive in order.

export type PersonStatus = "online" | "idle" | "offline";

export interface StatusEvent {
  userId: string;
  status: PersonStatus;
  at: number;
}

export class StatusTracker {
  private readonly statuses = new Map<string, Exclude<PersonStatus, "offline">>();

  /** Takes a people diff; returns the status changes it makes, in order. */
  apply(upserts: { id: string; active: boolean }[], removed: string[], at: number): StatusEvent[] {
    const events: StatusEvent[] = [];
    for (const { id, active } of upserts) {
      const status = active ? "online" : "idle";
      if (this.statuses.get(id) === status) continue;
      this.statuses.set(id, status);
      events.push({ userId: id, status, at });
    }
    for (const id of removed) {
      if (!this.statuses.delete(id)) continue;
      events.push({ userId: id, status: "offline", at });
    }
    return events;
  }

  /** Adopts who is online without emitting events (after the object wakes up). */
  reset(people: { id: string; active: boolean }[]): void {
    this.statuses.clear();
    for (const { id, active } of people) this.statuses.set(id, active ? "online" : "idle");
  }
}
