// Reading insights: what the rooms see of each visit, folded into hourly aggregates per post.
// No visit is kept: a visit adds to its post's hour and is gone. Folding is commutative, so any
// order of the same visits gives the same aggregates. Shared: the worker folds, the app stores
// and reads them.
import * as z from "zod/mini";
import { slugSchema } from "./protocol";

/** A visit that lasted this long really read. */
export const READ_AFTER_MS = 10_000;
/** A visit that got this far down finished the post. */
export const COMPLETED_AT = 0.95;
/** Edges (seconds) of the active-reading-time histogram; the last bin is open-ended. */
export const ACTIVE_SECONDS_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 3600] as const;
export const DEPTH_TENTHS = 10;

/** What a room reports when a reader's visit ends. Nothing in it says who they were. */
export interface Visit {
  startedAt: number;
  endedAt: number;
  activeMs: number;
  maxProgress: number;
}

const countArray = (length: number) => z.array(z.int().check(z.gte(0))).check(z.length(length));

export const insightBucketSchema = z.object({
  slug: slugSchema,
  /** The hour (UTC, ms since the epoch) the visits began in. */
  hour: z.int(),
  visits: z.int().check(z.gte(0)),
  /** Visits of at least READ_AFTER_MS. */
  reads: z.int().check(z.gte(0)),
  /** Reads that got to COMPLETED_AT. */
  completions: z.int().check(z.gte(0)),
  /** depth[k]: reads that got past (k + 1) tenths of the post. */
  depth: countArray(DEPTH_TENTHS),
  /** Reads per bin of active reading time (ACTIVE_SECONDS_EDGES). */
  activeSeconds: countArray(ACTIVE_SECONDS_EDGES.length),
  /** Grows with every change: the app keeps the newest it was sent, whatever order batches arrive in. */
  version: z.int().check(z.gte(0)),
});
export type InsightBucket = z.infer<typeof insightBucketSchema>;

/** Empty, too: the lobby sends one a day so the app prunes what is past the retention on a blog nobody visits. */
export const insightBatchSchema = z.object({ buckets: z.array(insightBucketSchema).check(z.maxLength(200)) });
export type InsightBatch = z.infer<typeof insightBatchSchema>;
export const INSIGHTS_PATH = "/api/presence/insights";

export const HOUR_MS = 3_600_000;
export const hourOf = (at: number) => Math.floor(at / HOUR_MS) * HOUR_MS;

export function emptyBucket(slug: string, hour: number): InsightBucket {
  return {
    slug,
    hour,
    visits: 0,
    reads: 0,
    completions: 0,
    depth: new Array<number>(DEPTH_TENTHS).fill(0),
    activeSeconds: new Array<number>(ACTIVE_SECONDS_EDGES.length).fill(0),
    version: 0,
  };
}

function activeBin(seconds: number): number {
  let bin = 0;
  for (let i = 0; i < ACTIVE_SECONDS_EDGES.length; i++) if (seconds >= ACTIVE_SECONDS_EDGES[i]!) bin = i;
  return bin;
}

/** Adds a visit to its bucket (a new object; the version is left to the keeper). */
export function addVisit(bucket: InsightBucket, visit: Visit): InsightBucket {
  const next = { ...bucket, depth: [...bucket.depth], activeSeconds: [...bucket.activeSeconds], visits: bucket.visits + 1 };
  if (visit.endedAt - visit.startedAt < READ_AFTER_MS) return next;
  next.reads += 1;
  if (visit.maxProgress >= COMPLETED_AT) next.completions += 1;
  for (let tenth = 1; tenth <= DEPTH_TENTHS; tenth++) {
    // The last tenth counts as passed from COMPLETED_AT: nobody's progress reads exactly 1.
    const threshold = tenth === DEPTH_TENTHS ? COMPLETED_AT : tenth / DEPTH_TENTHS;
    if (visit.maxProgress >= threshold) next.depth[tenth - 1]! += 1;
  }
  const seconds = Math.min(visit.activeMs, visit.endedAt - visit.startedAt) / 1000;
  next.activeSeconds[activeBin(seconds)]! += 1;
  return next;
}

export interface InsightSummary {
  visits: number;
  reads: number;
  completions: number;
  /** Share of reads that got past each tenth (0–1). */
  depthShares: number[];
  /** Median active reading time of the reads, in seconds (from the histogram: the median bin's lower edge and its upper one, interpolated). */
  medianActiveSeconds: number | null;
}

/** Several buckets (hours, posts) summed and summarised. */
export function summarise(buckets: Pick<InsightBucket, "visits" | "reads" | "completions" | "depth" | "activeSeconds">[]): InsightSummary {
  const total = { visits: 0, reads: 0, completions: 0, depth: new Array<number>(DEPTH_TENTHS).fill(0), active: new Array<number>(ACTIVE_SECONDS_EDGES.length).fill(0) };
  for (const bucket of buckets) {
    total.visits += bucket.visits;
    total.reads += bucket.reads;
    total.completions += bucket.completions;
    bucket.depth.forEach((count, index) => (total.depth[index]! += count));
    bucket.activeSeconds.forEach((count, index) => (total.active[index]! += count));
  }
  return {
    visits: total.visits,
    reads: total.reads,
    completions: total.completions,
    depthShares: total.depth.map((count) => (total.reads > 0 ? count / total.reads : 0)),
    medianActiveSeconds: medianOf(total.active, total.reads),
  };
}

function medianOf(histogram: number[], count: number): number | null {
  if (count === 0) return null;
  const middle = count / 2;
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    const inBin = histogram[bin]!;
    if (seen + inBin >= middle && inBin > 0) {
      const low = ACTIVE_SECONDS_EDGES[bin]!;
      const high = ACTIVE_SECONDS_EDGES[bin + 1] ?? low * 2;
      return Math.round(low + ((middle - seen) / inBin) * (high - low));
    }
    seen += inBin;
  }
  return null;
}
