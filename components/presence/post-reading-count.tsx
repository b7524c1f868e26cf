import { Suspense } from "react";
import { getViewerSiteSummary } from "@/lib/presence/site-summary";
import { PostReadingCountLive } from "./post-reading-count-live";

async function PostReadingCountFirstPaint({ slug, title }: { slug: string; title: string }) {
  const summary = await getViewerSiteSummary();
  return <PostReadingCountLive slug={slug} title={title} initialCount={summary ? (summary.reading[slug] ?? 0) : null} />;
}

/** "N reading now" for one post in a list: server-rendered first, then live. */
export function PostReadingCount({ slug, title }: { slug: string; title: string }) {
  return (
    <Suspense fallback={<PostReadingCountLive slug={slug} title={title} initialCount={null} />}>
      <PostReadingCountFirstPaint slug={slug} title={title} />
    </Suspense>
  );
}
