// A person who signs in or shows themself mid-visit is listed by name only after a random while
// (REENTRY_DELAY_MIN_MS..MAX_MS), so others can't tie the name to the anonymous reader who just
// left. The while is one per person, not per socket: a tab opened, a page reloaded, or a second
// device during it waits for the same moment. This is the shard's side of it: the holds started
// here, kept in storage (a woken or restarted shard still has them) and reported to the lobby,
// which lists a person only once every hold reported for them has passed (lobby/site-view.ts).

const STORAGE_PREFIX = "listing-hold:";

export class ListingHolds {
  private readonly until = new Map<string, number>();

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Loads the holds still to come; forgets the rest. */
  async load(now: number): Promise<void> {
    const stored = await this.storage.list<number>({ prefix: STORAGE_PREFIX });
    const passed: string[] = [];
    for (const [key, until] of stored) {
      if (until > now) this.until.set(key.slice(STORAGE_PREFIX.length), until);
      else passed.push(key);
    }
    if (passed.length > 0) await this.storage.delete(passed);
  }

  /** When this shard holds the person off the list until, or 0 (no hold, or it passed). */
  get(userId: string, now: number): number {
    const until = this.until.get(userId) ?? 0;
    return until > now ? until : 0;
  }

  async hold(userId: string, until: number): Promise<void> {
    this.until.set(userId, until);
    await this.storage.put(STORAGE_PREFIX + userId, until);
  }

  /** The person is listed (the lobby says so): the hold has done its job. Returns whether there was one. */
  async release(userId: string): Promise<boolean> {
    if (!this.until.delete(userId)) return false;
    await this.storage.delete(STORAGE_PREFIX + userId);
    return true;
  }

  /** Forgets holds that passed; returns whether any did. */
  async expire(now: number): Promise<boolean> {
    const passed = [...this.until].filter(([, until]) => until <= now).map(([userId]) => userId);
    for (const userId of passed) await this.release(userId);
    return passed.length > 0;
  }

  users(): string[] {
    return [...this.until.keys()];
  }

  /** The holds still to come, for the lobby. */
  pending(now: number): Record<string, number> {
    return Object.fromEntries([...this.until].filter(([, until]) => until > now));
  }
}
