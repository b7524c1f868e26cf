import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyBucket, type InsightBucket } from "@/party/shared/insights";

// A real SQLite file, migrated by Prisma, as the app's own database is.
const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "insights-")), "test.db")}`;
process.env.DATABASE_URL = url;
const DAY = 86_400_000;

let store: typeof import("@/lib/data/insights");
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  const migrated = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(migrated.stderr);
  store = await import("@/lib/data/insights");
  db = (await import("@/lib/db")).db;
}, 60_000);

const bucket = (hour: number, version: number, reads: number): InsightBucket => ({ ...emptyBucket("a-post", hour), visits: reads, reads, version });

describe("stored reading insights", () => {
  it("keep the newest version of each hour, whatever order the batches come in, and a duplicate changes nothing", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect(await store.recordInsightBuckets([bucket(hour, 2, 5)])).toBe(1);
    expect(await store.recordInsightBuckets([bucket(hour, 1, 3)])).toBe(0);
    expect(await store.recordInsightBuckets([bucket(hour, 2, 5)])).toBe(0);
    expect((await db.readingHour.findUnique({ where: { slug_hourStart: { slug: "a-post", hourStart: new Date(hour) } } }))?.reads).toBe(5);
    expect(await store.recordInsightBuckets([bucket(hour, 3, 6)])).toBe(1);
    expect((await store.readDeskInsights()).site.reads).toBe(6);
  });

  it("list only posts read at least once: a post of short visits counts by the hour, and is no \"post read most\"", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const glanced: InsightBucket = { ...emptyBucket("a-glanced-post", hour), visits: 4, reads: 0, version: 1 };
    await store.recordInsightBuckets([glanced]);
    const insights = await store.readDeskInsights();
    expect(insights.posts.map((post) => [post.slug, post.reads])).toEqual([["a-post", 6]]);
    expect(insights.byHourOfDay[new Date(hour).getUTCHours()]).toBe(6 + 4);
  });

  it("are deleted once older than the retention (90 days by default), and kept until then", async () => {
    const now = Date.now();
    const old = Math.floor((now - 91 * DAY) / 3_600_000) * 3_600_000;
    const recent = Math.floor((now - 89 * DAY) / 3_600_000) * 3_600_000;
    await db.readingHour.create({ data: { slug: "old-post", hourStart: new Date(old), visits: 1, reads: 1, completions: 0, depth: "[]", activeSeconds: "[]", version: 1 } });
    await db.readingHour.create({ data: { slug: "old-post", hourStart: new Date(recent), visits: 1, reads: 1, completions: 0, depth: "[]", activeSeconds: "[]", version: 1 } });
    expect(await store.deleteExpiredInsights(new Date(now))).toBe(1);
    const left = await db.readingHour.findMany({ where: { slug: "old-post" } });
    expect(left.map((row) => row.hourStart.getTime())).toEqual([recent]);
  });
});
