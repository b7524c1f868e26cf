"use client";
import type { ReactNode } from "react";
import { usePresenceEndpoints } from "../../hooks/presence-endpoints";
import { useArticleRoom } from "../../hooks/use-article-room";
import { ReadingRail } from "./reading-rail";

/**
 * Wraps a post: joins its live room and draws the reading-progress rail beside it.
 * `bodyId`: the id of the element holding the post's text, whose scroll position is the reader's progress.
 */
export function ArticlePresence({ slug, bodyId = "post-body", children }: { slug: string; bodyId?: string; children: ReactNode }) {
  useArticleRoom(slug, bodyId, usePresenceEndpoints());
  return (
    <div className="post-layout">
      <ReadingRail />
      {children}
    </div>
  );
}
