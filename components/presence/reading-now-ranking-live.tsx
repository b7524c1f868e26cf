"use client";
import { AppLink } from "@/components/blog/app-link";
import type { ReadingCounts } from "@/party/shared/protocol";
import { emptyRankingText, type RankablePost, rankPosts } from "./rank-posts";
import { useSitePresenceStore } from "@/stores/site-presence-store";
import { readingNowText } from "./reader-count-text";

export { RANKING_SIZE, rankPosts, type RankablePost } from "./rank-posts";

export function ReadingNowRankingLive({
  posts,
  initialReading,
}: {
  posts: RankablePost[];
  /** null: the worker was unreachable; undefined: the server is still asking. */
  initialReading?: ReadingCounts | null;
}) {
  const liveReading = useSitePresenceStore((state) => state.reading);
  const reading = liveReading ?? initialReading;
  const ranked = reading ? rankPosts(posts, reading) : [];
  return (
    <section className="reading-now" data-testid="reading-now" aria-labelledby="reading-now-title">
      <h2 id="reading-now-title">Reading now</h2>
      {ranked.length === 0 ? (
        <p className="reading-now-empty">{emptyRankingText(reading)}</p>
      ) : (
        <ol className="reading-now-list">
          {ranked.map((post) => (
            <li key={post.slug} data-testid="ranking-item" data-slug={post.slug} data-count={post.count}>
              <AppLink href={`/posts/${post.slug}`}>{post.title}</AppLink>
              <span className="reading-now-count">{readingNowText(post.count)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
