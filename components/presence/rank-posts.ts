// The "Reading now" ranking's rule, without React: the app's ranking (reading-now-ranking-live.tsx)
// and the script tag (packages/script-tag) rank alike.
import type { ReadingCounts } from "../../party/shared/protocol";

export interface RankablePost {
  slug: string;
  title: string;
}

export const RANKING_SIZE = 5;

/** Posts with readers, most read first; ties keep the list's order (newest first). */
export function rankPosts(posts: RankablePost[], reading: ReadingCounts): (RankablePost & { count: number })[] {
  return posts
    .map((post) => ({ ...post, count: reading[post.slug] ?? 0 }))
    .filter((post) => post.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, RANKING_SIZE);
}

/** What the ranking says with nobody in it: `undefined` still asking, `null` the worker unreachable. */
export function emptyRankingText(reading: ReadingCounts | null | undefined): string {
  if (reading === undefined) return "Checking who is reading…";
  return reading === null ? "Live ranking unavailable." : "Nobody is reading a post right now.";
}
