"use client";
import { useShallow } from "zustand/react/shallow";
import type { Reader } from "../../party/shared/protocol";
import { otherReaders, useArticleRoomStore } from "../../stores/article-room-store";
import { railSummary } from "./rail-summary";

function Marker({ reader, self = false }: { reader: Pick<Reader, "id" | "label" | "color" | "progress" | "active">; self?: boolean }) {
  return (
    <span
      className={["rail-marker", self && "rail-marker--you", !reader.active && "rail-marker--idle"].filter(Boolean).join(" ")}
      data-testid="rail-marker"
      data-reader-id={reader.id}
      data-progress={reader.progress.toFixed(2)}
      data-self={self}
      data-active={reader.active}
      title={`${self ? "You" : reader.label} · ${Math.round(reader.progress * 100)}%${reader.active ? "" : " · idle"}`}
      style={{ "--progress": reader.progress, "--marker-color": reader.color } as React.CSSProperties}
    />
  );
}

/**
 * Where readers are in the post. A small room: one marker per reader. A large room: a density
 * strip (how many readers at each part of the post) with the few visible people named on it.
 * Your own marker follows your scrolling at once. A fixed rail in the left margin on wide
 * screens, a thin bar under the header on phones (CSS decides). The markers are decoration:
 * what they show is said in words beside them, for screen readers.
 */
export function ReadingRail() {
  const mode = useArticleRoomStore((state) => state.mode);
  const selfProgress = useArticleRoomStore((state) => state.selfProgress);
  const you = useArticleRoomStore((state) => state.you);
  const count = useArticleRoomStore((state) => state.count);
  const density = useArticleRoomStore(useShallow((state) => state.density));
  const others = useArticleRoomStore(useShallow((state) => otherReaders(state.readers, state.you)));
  const peak = Math.max(1, ...density);
  const self = { id: you ?? "you", label: "You", color: "var(--accent, #2563eb)", progress: selfProgress, active: true };
  return (
    <div className="reading-rail" data-testid="reading-rail" data-mode={mode}>
      <div className="reading-rail-track" aria-hidden />
      {mode === "crowd" && (
        <div className="rail-density" data-testid="rail-density" aria-hidden>
          {density.map((readers, slice) => (
            <span key={slice} className="rail-density-slice" data-readers={readers} style={{ "--density": readers / peak } as React.CSSProperties} />
          ))}
        </div>
      )}
      <div aria-hidden>
        {others.map((reader) => (
          <Marker key={reader.id} reader={reader} />
        ))}
        <Marker reader={self} self />
      </div>
      <p className="visually-hidden" data-testid="rail-summary">
        {railSummary({ mode, count, density, others, selfProgress })}
      </p>
    </div>
  );
}
