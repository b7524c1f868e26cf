import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { type InsightBucket, type InsightSummary, summarise } from "@/party/shared/insights";

// The data-access layer for reading insights: aggregates per post and hour, as the worker sends them.

const DAY_MS = 86_400_000;

/**
 * Stores buckets, each only if it is newer than what is stored (versions only grow), so a
 * retried, duplicated or late batch changes nothing it shouldn't. Then deletes what is past the
 * retention. Returns how many buckets were written.
 */
export async function recordInsightBuckets(buckets: InsightBucket[], now = new Date()): Promise<number> {
  let written = 0;
  for (const bucket of buckets) {
    const hourStart = new Date(bucket.hour);
    const data = {
      visits: bucket.visits,
      reads: bucket.reads,
      completions: bucket.completions,
      depth: JSON.stringify(bucket.depth),
      activeSeconds: JSON.stringify(bucket.activeSeconds),
      version: bucket.version,
    };
    const updated = await db.readingHour.updateMany({ where: { slug: bucket.slug, hourStart, version: { lt: bucket.version } }, data });
    if (updated.count > 0) {
      written++;
      continue;
    }
    const exists = await db.readingHour.findUnique({ where: { slug_hourStart: { slug: bucket.slug, hourStart } }, select: { version: true } });
    if (!exists) {
      await db.readingHour.create({ data: { slug: bucket.slug, hourStart, ...data } });
      written++;
    }
  }
  await deleteExpiredInsights(now);
  return written;
}

/** Insights from before this are past the retention (INSIGHTS_RETENTION_DAYS). */
const retainedSince = (now: Date) => new Date(now.getTime() - env.INSIGHTS_RETENTION_DAYS * DAY_MS);

/**
 * The retention: insights older than INSIGHTS_RETENTION_DAYS are deleted, really. At every batch
 * the worker sends, and the lobby sends one (empty if need be) at least once a day.
 */
export async function deleteExpiredInsights(now = new Date()): Promise<number> {
  return (await db.readingHour.deleteMany({ where: { hourStart: { lt: retainedSince(now) } } })).count;
}

interface Row {
  slug: string;
  hourStart: Date;
  visits: number;
  reads: number;
  completions: number;
  depth: number[];
  activeSeconds: number[];
}

async function rowsSince(since: Date): Promise<Row[]> {
  const rows = await db.readingHour.findMany({ where: { hourStart: { gte: since } } });
  return rows.map((row) => ({ ...row, depth: JSON.parse(row.depth) as number[], activeSeconds: JSON.parse(row.activeSeconds) as number[] }));
}

export interface DeskInsights {
  /** The whole site over the last 7 days. */
  site: InsightSummary;
  /** Per post read at least once over the last 7 days (a visit under 10 s is no read), most reads first. */
  posts: (InsightSummary & { slug: string })[];
  /** Visits that began in each hour of the day (UTC), over the last 14 days. */
  byHourOfDay: number[];
}

export async function readDeskInsights(now = new Date()): Promise<DeskInsights> {
  // Never a row past the retention, even one the daily prune hasn't reached yet.
  const rows14 = await rowsSince(new Date(Math.max(now.getTime() - 14 * DAY_MS, retainedSince(now).getTime())));
  const weekStart = now.getTime() - 7 * DAY_MS;
  const week = rows14.filter((row) => row.hourStart.getTime() >= weekStart);
  const bySlug = new Map<string, Row[]>();
  for (const row of week) bySlug.set(row.slug, [...(bySlug.get(row.slug) ?? []), row]);
  const byHourOfDay = new Array<number>(24).fill(0);
  for (const row of rows14) byHourOfDay[row.hourStart.getUTCHours()]! += row.visits;
  return {
    site: summarise(week),
    posts: [...bySlug]
      .map(([slug, rows]) => ({ slug, ...summarise(rows) }))
      .filter((post) => post.reads > 0)
      .sort((a, b) => b.reads - a.reads || a.slug.localeCompare(b.slug)),
    byHourOfDay,
  };
}
