"use client";
import { useShallow } from "zustand/react/shallow";
import { sortReaders, useArticleRoomStore } from "../../stores/article-room-store";
import { readingNowText } from "./reader-count-text";

/** "N reading now" and who: shown under a post's title. */
export function ArticleReaders() {
  const live = useArticleRoomStore((state) => state.live);
  const you = useArticleRoomStore((state) => state.you);
  const readers = useArticleRoomStore(useShallow((state) => sortReaders(state.readers)));
  if (!live) return <p className="article-readers article-readers--pending">Finding other readers…</p>;
  return (
    <div className="article-readers">
      <span className="article-readers-count" data-testid="article-readers-count" data-count={readers.length}>
        {readingNowText(readers.length)}
      </span>
      <ul className="article-readers-list" aria-label="Readers of this post">
        {readers.map((reader) => (
          <li
            key={reader.id}
            className={reader.active ? "reader-chip" : "reader-chip reader-chip--idle"}
            data-testid="reader-chip"
            data-self={reader.id === you}
            data-active={reader.active}
            title={reader.active ? undefined : "idle"}
          >
            {reader.image ? (
              // eslint-disable-next-line @next/next/no-img-element -- avatars come from the sign-in provider's host
              <img className="reader-avatar" src={reader.image} alt="" width={18} height={18} />
            ) : (
              <span className="reader-dot" style={{ background: reader.color }} aria-hidden />
            )}
            {reader.label}
            {reader.id === you ? " (you)" : ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
