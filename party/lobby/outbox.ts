/** After a failed delivery, the next attempt waits this long, doubling with each failure in a row... */
export const OUTBOX_RETRY_FIRST_DELAY_MS = 1_000;
/** ...up to this long. Each wait is drawn between half of it and all of it, so many outboxes don't retry in step. */
export const OUTBOX_RETRY_MAX_DELAY_MS = 60_000;

export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const full = Math.min(OUTBOX_RETRY_MAX_DELAY_MS, OUTBOX_RETRY_FIRST_DELAY_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

export interface OutboxOptions<T> {
  /** Storage keys start with it: one outbox's items never mix with another's. */
  name: string;
  /** Items per delivery. */
  batchSize: number;
  /** A receiver that is down for long loses the oldest items beyond this many, not the object's memory. */
  maxQueued: number;
  /** Items with the same key replace older ones, merged (last-seen keeps one entry per person, the latest). */
  coalesce?: { keyOf: (item: T) => string; merge: (older: T, newer: T) => T };
  /** Sends a batch; resolves to whether the receiver took it (2xx). */
  deliver: (items: T[], now: number) => Promise<boolean>;
}

interface Meta {
  nextSeq: number;
  queued: number;
  failures: number;
  nextAttemptAt: number | null;
}

interface Stored<T> {
  item: T;
  key?: string;
}

const EMPTY_META: Meta = { nextSeq: 0, queued: 0, failures: 0, nextAttemptAt: null };

/**
 * Items on their way to a receiver outside the worker (last-seen to the app, status events to
 * the owner's webhook): kept in Durable Object storage, one key per item in order, until the
 * receiver confirms them; delivered oldest first in batches; retried with exponential back-off
 * and jitter, across restarts (the object's alarm survives them). The host arms its alarm for
 * `dueAt()` and calls `deliverDue()` from it.
 */
export class DurableOutbox<T> {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly options: OutboxOptions<T>,
  ) {}

  /** Queues items to be delivered by `deliverBy` at the latest (sooner if a delivery is due anyway). */
  async add(items: T[], deliverBy: number): Promise<void> {
    if (items.length === 0) return;
    const meta = await this.meta();
    for (const item of items) await this.put(meta, item);
    const excess = meta.queued - this.options.maxQueued;
    if (excess > 0) {
      const oldest = await this.storage.list<Stored<T>>({ prefix: this.itemPrefix, limit: excess });
      await this.remove(oldest);
      meta.queued -= oldest.size;
    }
    meta.nextAttemptAt = Math.min(meta.nextAttemptAt ?? Number.POSITIVE_INFINITY, deliverBy);
    await this.saveMeta(meta);
  }

  /** When the next delivery is due, or null when nothing waits. */
  async dueAt(): Promise<number | null> {
    return (await this.meta()).nextAttemptAt;
  }

  /** How many items wait. */
  async size(): Promise<number> {
    return (await this.meta()).queued;
  }

  /** Delivers the oldest batch if a delivery is due. */
  async deliverDue(now: number): Promise<void> {
    const meta = await this.meta();
    if (meta.nextAttemptAt === null || meta.nextAttemptAt > now) return;
    const batch = await this.storage.list<Stored<T>>({ prefix: this.itemPrefix, limit: this.options.batchSize });
    if (batch.size === 0) {
      await this.saveMeta({ ...meta, queued: 0, failures: 0, nextAttemptAt: null });
      return;
    }
    const ok = await this.options.deliver([...batch.values()].map(({ item }) => item), now);
    // Items may have been added while the delivery was on its way: the result applies to what is stored now.
    const after = await this.meta();
    if (ok) {
      await this.remove(batch);
      after.queued = Math.max(0, after.queued - batch.size);
      after.failures = 0;
      after.nextAttemptAt = after.queued > 0 ? Date.now() : null;
    } else {
      after.failures += 1;
      after.nextAttemptAt = Date.now() + retryDelayMs(after.failures);
    }
    await this.saveMeta(after);
  }

  /** Deletes items, and the coalescing index entries that still point at them. */
  private async remove(items: Map<string, Stored<T>>): Promise<void> {
    const keys = [...items.keys()];
    // Storage deletes at most 128 keys per call.
    for (let start = 0; start < keys.length; start += 128) await this.storage.delete(keys.slice(start, start + 128));
    for (const [storageKey, { key }] of items) {
      if (key !== undefined && (await this.storage.get<string>(this.indexKey(key))) === storageKey) await this.storage.delete(this.indexKey(key));
    }
  }

  private async put(meta: Meta, item: T): Promise<void> {
    const storageKey = `${this.itemPrefix}${String(meta.nextSeq++).padStart(16, "0")}`;
    const coalesce = this.options.coalesce;
    if (!coalesce) {
      await this.storage.put(storageKey, { item } satisfies Stored<T>);
      meta.queued += 1;
      return;
    }
    const key = coalesce.keyOf(item);
    const olderKey = await this.storage.get<string>(this.indexKey(key));
    const older = olderKey === undefined ? undefined : await this.storage.get<Stored<T>>(olderKey);
    if (olderKey !== undefined && older !== undefined) {
      await this.storage.delete(olderKey);
      meta.queued -= 1;
    }
    await this.storage.put({ [storageKey]: { item: older ? coalesce.merge(older.item, item) : item, key }, [this.indexKey(key)]: storageKey });
    meta.queued += 1;
  }

  private get itemPrefix(): string {
    return `${this.options.name}:item:`;
  }

  private indexKey(key: string): string {
    return `${this.options.name}:key:${key}`;
  }

  private async meta(): Promise<Meta> {
    return { ...EMPTY_META, ...((await this.storage.get<Meta>(`${this.options.name}:meta`)) ?? {}) };
  }

  private async saveMeta(meta: Meta): Promise<void> {
    await this.storage.put(`${this.options.name}:meta`, meta);
  }
}
