import { Suspense } from "react";
import { getViewerSiteSummary } from "@/lib/presence/site-summary";
import { type RankablePost, ReadingNowRankingLive } from "./reading-now-ranking-live";

async function RankingFirstPaint({ posts }: { posts: RankablePost[] }) {
  const summary = await getViewerSiteSummary();
  return <ReadingNowRankingLive posts={posts} initialReading={summary?.reading ?? null} />;
}

/** The "Reading now" ranking: the posts with the most current readers, live. */
export function ReadingNowRanking({ posts }: { posts: RankablePost[] }) {
  return (
    <Suspense fallback={<ReadingNowRankingLive posts={posts} />}>
      <RankingFirstPaint posts={posts} />
    </Suspense>
  );
}
