import { addVisit, emptyBucket, hourOf, type InsightBucket, type Visit } from "../shared/insights";

const BUCKET_PREFIX = "insight:";
const VERSION_KEY = "insight-version";
/** Hours the lobby keeps folding into (a visit adds to the hour it began in); older ones are the app's alone. */
const KEEP_HOURS = 48;

/**
 * The reading insights the lobby folds visits into: one bucket per post and hour, in storage,
 * each change with a higher version. It hands the changed buckets to its outbox; the app keeps
 * the newest version of each, so a retried or late batch never undoes a newer one.
 */
export class InsightBook {
  constructor(private readonly storage: DurableObjectStorage) {}

  /** Folds a room's ended visits in; returns the buckets that changed. */
  async add(slug: string, visits: Visit[]): Promise<InsightBucket[]> {
    if (visits.length === 0) return [];
    const changed = new Map<string, InsightBucket>();
    let version = (await this.storage.get<number>(VERSION_KEY)) ?? 0;
    for (const visit of visits) {
      const key = `${BUCKET_PREFIX}${slug}:${hourOf(visit.startedAt)}`;
      const bucket = changed.get(key) ?? (await this.storage.get<InsightBucket>(key)) ?? emptyBucket(slug, hourOf(visit.startedAt));
      changed.set(key, { ...addVisit(bucket, visit), version: ++version });
    }
    await this.storage.put({ ...Object.fromEntries(changed), [VERSION_KEY]: version });
    return [...changed.values()];
  }

  /** Forgets buckets the app has long had. */
  async prune(now: number): Promise<void> {
    const oldest = hourOf(now) - KEEP_HOURS * 3_600_000;
    const stored = await this.storage.list<InsightBucket>({ prefix: BUCKET_PREFIX });
    const old = [...stored].filter(([, bucket]) => bucket.hour < oldest).map(([key]) => key);
    for (let start = 0; start < old.length; start += 128) await this.storage.delete(old.slice(start, start + 128));
  }
}
