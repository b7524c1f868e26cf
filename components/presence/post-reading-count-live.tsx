"use client";
import { useSitePresenceStore } from "../../stores/site-presence-store";
import { readingNowText } from "./reader-count-text";

export function PostReadingCountLive({ slug, initialCount }: { slug: string; initialCount: number | null }) {
  const liveCount = useSitePresenceStore((state) => (state.reading ? (state.reading[slug] ?? 0) : null));
  const count = liveCount ?? initialCount;
  if (count === null) return null;
  return (
    <span className="post-reading-count" data-testid="post-reading-count" data-count={count}>
      {count > 0 ? readingNowText(count) : ""}
    </span>
  );
}
