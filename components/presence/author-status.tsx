import { Suspense } from "react";
import { getViewerSiteSummary } from "@/lib/presence/site-summary";
import { AuthorStatusLive } from "./author-status-live";

async function AuthorStatusFirstPaint() {
  const summary = await getViewerSiteSummary();
  return <AuthorStatusLive initial={summary?.author ?? null} />;
}

/** The author's own status in the header: server-rendered first, then live. */
export function AuthorStatusBadge() {
  return (
    <Suspense fallback={<AuthorStatusLive initial={null} />}>
      <AuthorStatusFirstPaint />
    </Suspense>
  );
}
