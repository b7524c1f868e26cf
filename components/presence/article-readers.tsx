"use client";
import { useShallow } from "zustand/react/shallow";
import type { Reader } from "../../party/shared/protocol";
import { otherReaders, useArticleRoomStore } from "../../stores/article-room-store";
import { earlyFigure } from "./early-figure-marks";
import { readingNowText } from "./reader-count-text";
import { SettledAnnouncement } from "./settled-announcement";

function Chip({ reader, self = false, unshown = null }: { reader: Pick<Reader, "label" | "color" | "image" | "active">; self?: boolean; unshown?: string | null }) {
  return (
    <li
      className={reader.active ? "reader-chip" : "reader-chip reader-chip--idle"}
      data-testid="reader-chip"
      data-self={self}
      data-shown={unshown === null}
      data-active={reader.active}
      title={reader.active ? undefined : "idle"}
    >
      {reader.image ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from the sign-in provider's host
        <img className="reader-avatar" src={reader.image} alt="" width={18} height={18} />
      ) : (
        <span className="reader-dot" style={{ background: reader.color }} aria-hidden />
      )}
      {unshown ?? reader.label}
      {self && unshown === null ? " (you)" : ""}
    </li>
  );
}

const YOU_UNSHOWN = { label: "You", color: "currentColor", image: null, active: true };

/**
 * Until the room speaks: the server's note, on which the page's early room socket may paint its
 * count before hydration (early-figures.ts). The room's first frame replaces it.
 */
function FindingReaders() {
  return (
    <p className="article-readers article-readers--pending" {...earlyFigure("room-count")}>
      Finding other readers…
    </p>
  );
}

/**
 * "N reading now" and who, under a post's title. A small room lists every reader; a large one
 * (the crowd view) a few visible people, then "and 1,204 more". You are always there, first,
 * even while the room doesn't show you to others yet (and then it says so).
 */
export function ArticleReaders() {
  const live = useArticleRoomStore((state) => state.live);
  const mode = useArticleRoomStore((state) => state.mode);
  const you = useArticleRoomStore((state) => state.you);
  const count = useArticleRoomStore((state) => state.count);
  const self = useArticleRoomStore((state) => (state.you ? state.readers[state.you] : undefined));
  const counted = useArticleRoomStore((state) => state.counted);
  const others = useArticleRoomStore(useShallow((state) => otherReaders(state.readers, state.you)));
  if (!live) return <FindingReaders />;
  const unnamed = count - (counted ? 1 : 0) - others.length;
  return (
    <div className="article-readers">
      <span className="article-readers-count" data-testid="article-readers-count" data-count={count} aria-hidden>
        {readingNowText(count)}
      </span>
      <SettledAnnouncement text={readingNowText(count)} testId="article-readers-announced" />
      <ul className="article-readers-list" aria-label="Readers of this post">
        <Chip reader={self ?? YOU_UNSHOWN} self unshown={self ? null : counted ? "You, not shown to other readers" : "You, not counted"} />
        {others.map((reader) => (
          <Chip key={reader.id} reader={reader} />
        ))}
      </ul>
      {mode === "crowd" && unnamed > 0 && (
        <span className="article-readers-more" data-testid="article-readers-more" data-count={unnamed}>
          and {unnamed.toLocaleString("en")} more
        </span>
      )}
      {you === null && counted && (
        <p className="article-readers-note" data-testid="not-shown-note">
          You are counted, but other readers don&apos;t see your marker on this post right now. You signed in or out, or
          changed whether you are shown, while reading it, and in a room this size they could tell the newcomer was you.
          You&apos;ll appear when you come back to the post after a short break.
        </p>
      )}
    </div>
  );
}
