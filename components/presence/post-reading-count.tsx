import { Suspense } from "react";
import { getViewerSiteSummary } from "@/lib/presence/site-summary";
import { PostReadingCountLive } from "./post-reading-count-live";

async function PostReadingCountFirstPaint({ slug }: { slug: string }) {
  const summary = await getViewerSiteSummary();
  return <PostReadingCountLive slug={slug} initialCount={summary ? (summary.reading[slug] ?? 0) : null} />;
}

/** "N reading now" for one post in a list: server-rendered first, then live. */
export function PostReadingCount({ slug }: { slug: string }) {
  return (
    <Suspense fallback={<PostReadingCountLive slug={slug} initialCount={null} />}>
      <PostReadingCountFirstPaint slug={slug} />
    </Suspense>
  );
}
