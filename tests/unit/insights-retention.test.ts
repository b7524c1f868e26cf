import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { insightBatchSchema } from "@/party/shared/insights";

// A real SQLite file, migrated by Prisma, and a retention shorter than the desk's 14-day window.
const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "insights-retention-")), "test.db")}`;
process.env.DATABASE_URL = url;
process.env.INSIGHTS_RETENTION_DAYS = "3";
const DAY = 86_400_000;
const HOUR = 3_600_000;

let store: typeof import("@/lib/data/insights");
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  const migrated = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(migrated.stderr);
  store = await import("@/lib/data/insights");
  db = (await import("@/lib/db")).db;
}, 60_000);

const row = (slug: string, daysAgo: number) => ({
  slug,
  hourStart: new Date(Math.floor((Date.now() - daysAgo * DAY) / HOUR) * HOUR),
  visits: 1,
  reads: 1,
  completions: 0,
  depth: "[]",
  activeSeconds: "[]",
  version: 1,
});

describe("insights past the retention, with no new visits", () => {
  it("are never shown on the desk, though no batch came since they expired", async () => {
    await db.readingHour.createMany({ data: [row("kept-post", 2), row("expired-post", 5)] });
    const desk = await store.readDeskInsights();
    expect(desk.posts.map((post) => post.slug)).toEqual(["kept-post"]);
    expect(desk.site.reads).toBe(1);
  });

  it("are deleted by the empty batch the lobby sends every day, which the route accepts", async () => {
    await db.readingHour.createMany({ data: [row("another-expired", 4)] });
    const batch = insightBatchSchema.safeParse({ buckets: [] });
    expect(batch.success).toBe(true);
    expect(await store.recordInsightBuckets(batch.data?.buckets ?? [])).toBe(0);
    const left = await db.readingHour.findMany({ select: { slug: true } });
    expect(left.map((r) => r.slug)).toEqual(["kept-post"]);
  });
});
