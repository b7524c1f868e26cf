"use client";
import { useShallow } from "zustand/react/shallow";
import { sortReaders, useArticleRoomStore } from "../../stores/article-room-store";

/**
 * One marker per reader at how far down the post they are. A fixed rail in the
 * left margin on wide screens, a thin bar under the header on phones (CSS decides).
 * Markers glide between positions with a CSS transition.
 */
export function ReadingRail() {
  const you = useArticleRoomStore((state) => state.you);
  const readers = useArticleRoomStore(useShallow((state) => sortReaders(state.readers)));
  return (
    <div className="reading-rail" data-testid="reading-rail" aria-label="Where readers are in this post">
      <div className="reading-rail-track" />
      {readers.map((reader) => {
        const isYou = reader.id === you;
        return (
          <span
            key={reader.id}
            className={["rail-marker", isYou && "rail-marker--you", !reader.active && "rail-marker--idle"].filter(Boolean).join(" ")}
            data-testid="rail-marker"
            data-reader-id={reader.id}
            data-progress={reader.progress.toFixed(2)}
            data-self={isYou}
            data-active={reader.active}
            title={`${isYou ? "You" : reader.label} · ${Math.round(reader.progress * 100)}%${reader.active ? "" : " · idle"}`}
            style={{ "--progress": reader.progress, "--marker-color": reader.color } as React.CSSProperties}
          />
        );
      })}
    </div>
  );
}
