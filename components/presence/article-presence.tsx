"use client";
import type { ReactNode } from "react";
import { useArticleRoom } from "@/hooks/use-article-room";
import { ReadingRail } from "./reading-rail";

const POST_BODY_ID = "post-body";

/** Wraps a post: joins its live room and draws the reading-progress rail beside it. */
export function ArticlePresence({ slug, children }: { slug: string; children: ReactNode }) {
  useArticleRoom(slug, POST_BODY_ID);
  return (
    <div className="post-layout">
      <ReadingRail />
      {children}
    </div>
  );
}
