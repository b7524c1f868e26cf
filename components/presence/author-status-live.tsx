"use client";
import { useEffect, useState } from "react";
import type { AuthorStatus } from "../../party/shared/protocol";
import { useSitePresenceStore } from "../../stores/site-presence-store";

/**
 * The author's status in the header ("✍️ The author is writing"), live: set on the owner's desk,
 * gone by itself at its time (the worker clears it too, for pages opened later).
 */
export function AuthorStatusLive({ initial }: { initial: AuthorStatus | null }) {
  const live = useSitePresenceStore((state) => state.author);
  const status = live === undefined ? initial : live;
  // The expiry this tab has reached (state, not the clock read while rendering: the header is prerendered).
  const [expired, setExpired] = useState<number | null>(null);
  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setExpired(status.until), Math.max(0, status.until - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [status]);
  if (!status || status.until === expired) return null;
  return (
    <p className="author-status" data-testid="author-status" data-kind={status.kind}>
      {status.emoji && <span aria-hidden>{status.emoji} </span>}
      The author {status.text}
    </p>
  );
}
