import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addVisit, COMPLETED_AT, emptyBucket, READ_AFTER_MS, summarise, type Visit } from "@/party/shared/insights";

const visit = fc.record({
  startedAt: fc.constant(1_000_000),
  duration: fc.integer({ min: 0, max: 3_600_000 }),
  activeShare: fc.double({ min: 0, max: 1, noNaN: true }),
  maxProgress: fc.double({ min: 0, max: 1, noNaN: true }),
}).map(({ startedAt, duration, activeShare, maxProgress }): Visit => ({ startedAt, endedAt: startedAt + duration, activeMs: Math.round(duration * activeShare), maxProgress }));

const fold = (visits: Visit[]) => visits.reduce(addVisit, emptyBucket("a-post", 0));

describe("reading insights", () => {
  it("any order of the same visits gives the same aggregates", () => {
    fc.assert(
      fc.property(fc.array(visit, { maxLength: 60 }).chain((visits) => fc.tuple(fc.constant(visits), fc.shuffledSubarray(visits, { minLength: visits.length, maxLength: visits.length }))), ([visits, shuffled]) => {
        expect(fold(shuffled)).toEqual(fold(visits));
      }),
      { numRuns: 300 },
    );
  });

  it("counts what the desk shows: reads of 10 s or more, completions, depth, a median active time", () => {
    const reads = (progress: number, activeSeconds: number): Visit => ({ startedAt: 0, endedAt: 60_000, activeMs: activeSeconds * 1000, maxProgress: progress });
    const bucket = fold([reads(0.3, 20), reads(1, 50), reads(COMPLETED_AT, 40), { startedAt: 0, endedAt: READ_AFTER_MS - 1, activeMs: 0, maxProgress: 1 }]);
    expect(bucket).toMatchObject({ visits: 4, reads: 3, completions: 2 });
    expect(bucket.depth).toEqual([3, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
    const summary = summarise([bucket]);
    expect(summary.depthShares[0]).toBe(1);
    expect(summary.depthShares[9]).toBeCloseTo(2 / 3);
    // 20 s, 40 s, 50 s: the median is in the 30–45 s bin.
    expect(summary.medianActiveSeconds).toBeGreaterThanOrEqual(30);
    expect(summary.medianActiveSeconds).toBeLessThanOrEqual(45);
  });

  it("never counts more active time than the visit lasted", () => {
    const bucket = fold([{ startedAt: 0, endedAt: 12_000, activeMs: 10 * 3_600_000, maxProgress: 0.5 }]);
    expect(summarise([bucket]).medianActiveSeconds).toBeLessThanOrEqual(15);
  });
});
