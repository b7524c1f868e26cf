"use client";
import { useSitePresenceStore } from "../../stores/site-presence-store";
import { readingNowText } from "./reader-count-text";
import { SettledAnnouncement } from "./settled-announcement";

/**
 * "N reading now" for one post in a list, live. `title`: the post's, said with the count to
 * screen readers, for whom "2 reading now" on its own could be about any post in the list.
 */
export function PostReadingCountLive({ slug, initialCount, title }: { slug: string; initialCount: number | null; title?: string }) {
  const liveCount = useSitePresenceStore((state) => (state.reading ? (state.reading[slug] ?? 0) : null));
  const count = liveCount ?? initialCount;
  if (count === null) return null;
  const text = count > 0 ? readingNowText(count) : "";
  return (
    <>
      <span className="post-reading-count" data-testid="post-reading-count" data-count={count} aria-hidden>
        {text}
      </span>
      <SettledAnnouncement text={text && title ? `${text}: ${title}` : text} testId="post-reading-count-announced" />
    </>
  );
}
