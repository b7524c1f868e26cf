import { describe, expect, it } from "vitest";
import { RANKING_SIZE, rankPosts } from "@/components/presence/reading-now-ranking-live";

const posts = ["a", "b", "c", "d", "e", "f", "g"].map((slug) => ({ slug, title: slug.toUpperCase() }));

describe("rankPosts", () => {
  it("lists posts with readers, most read first, ties in list order", () => {
    expect(rankPosts(posts, { c: 2, a: 5, d: 2 }).map((p) => [p.slug, p.count])).toEqual([
      ["a", 5],
      ["c", 2],
      ["d", 2],
    ]);
  });

  it("leaves out posts nobody reads, and keeps the top few", () => {
    const reading = Object.fromEntries(posts.map((p, i) => [p.slug, i]));
    const ranked = rankPosts(posts, reading);
    expect(ranked).toHaveLength(RANKING_SIZE);
    expect(ranked.some((p) => p.slug === "a")).toBe(false);
    expect(ranked[0]?.slug).toBe("g");
  });
});
