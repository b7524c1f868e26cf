import { describe, expect, it } from "vitest";
import { railSummary } from "@/components/presence/rail-summary";

const rail = (selfProgress: number, ...progress: number[]) => ({
  mode: "rail" as const,
  count: progress.length + 1,
  density: [],
  others: progress.map((p) => ({ progress: p })),
  selfProgress,
});

describe("railSummary", () => {
  it("says when you read alone, and how far down you are", () => {
    expect(railSummary(rail(0))).toBe("Reading progress: only you are reading this post; you are 0% of the way down.");
  });

  it("counts the readers past the middle, you among them", () => {
    expect(railSummary(rail(0.4, 0.45, 0.8))).toBe("Reading progress: 3 readers here, 1 of them past the middle; you are 40% of the way down.");
    expect(railSummary(rail(0.5, 0.9))).toBe("Reading progress: 2 readers here, 2 of them past the middle; you are 50% of the way down.");
    expect(railSummary(rail(0.1, 0.2))).toBe("Reading progress: 2 readers here, none of them past the middle yet; you are 10% of the way down.");
  });

  it("reads a crowd's density strip: the readers in its second half are past the middle", () => {
    const summary = railSummary({ mode: "crowd", count: 1204, density: [400, 300, 200, 304], others: [], selfProgress: 0.25 });
    expect(summary).toBe("Reading progress: 1,204 readers here, 504 of them past the middle; you are 25% of the way down.");
  });
});
