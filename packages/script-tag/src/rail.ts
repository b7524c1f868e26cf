import type { Reader } from "../../../party/shared/protocol";
import { railSummary } from "../../../components/presence/rail-summary";
import { otherReaders } from "../../../stores/article-room-state";
import type { RoomStore } from "./room";

type MarkerReader = Pick<Reader, "id" | "label" | "color" | "progress" | "active">;

const element = (tag: string, className: string) => Object.assign(document.createElement(tag), { className });

/**
 * The reading rail, as the app's (components/presence/reading-rail.tsx, its look from
 * presence.css): a fixed rail beside the text (a thin bar on phones) with a marker per reader at
 * how far down the post they are, yours standing out and following your scrolling at once; a
 * large room's density strip. The markers are decoration; a sentence says the same for screen readers.
 * Returns its removal.
 */
export function mountRail(store: RoomStore): () => void {
  const rail = element("div", "reading-rail");
  rail.dataset.liveReaders = "rail";
  const density = element("div", "rail-density");
  const markers = element("div", "");
  const summary = element("p", "visually-hidden");
  density.setAttribute("aria-hidden", "true");
  markers.setAttribute("aria-hidden", "true");
  const track = element("div", "reading-rail-track");
  track.setAttribute("aria-hidden", "true");
  rail.append(track, density, markers, summary);
  document.body.append(rail);
  const shown = new Map<string, HTMLElement>();

  const paint = () => {
    const { mode, readers, you, density: slices, count, selfProgress } = store.getState();
    rail.dataset.mode = mode;
    const others = otherReaders(readers, you);
    const self: MarkerReader = { id: "you", label: "You", color: "var(--accent, #2563eb)", progress: selfProgress, active: true };
    const wanted = new Set<string>();
    for (const [reader, isSelf] of [...others.map((other) => [other, false] as const), [self, true] as const]) {
      const key = isSelf ? "\u0000you" : reader.id;
      wanted.add(key);
      let marker = shown.get(key);
      if (!marker) {
        marker = element("span", "");
        shown.set(key, marker);
        markers.append(marker);
      }
      paintMarker(marker, reader, isSelf);
    }
    for (const [key, marker] of shown) {
      if (wanted.has(key)) continue;
      marker.remove();
      shown.delete(key);
    }
    const peak = Math.max(1, ...slices);
    density.replaceChildren(
      ...(mode === "crowd" ? slices : []).map((readersThere) => {
        const slice = element("span", "rail-density-slice");
        slice.style.setProperty("--density", String(readersThere / peak));
        return slice;
      }),
    );
    summary.textContent = railSummary({ mode, count, density: slices, others, selfProgress });
  };
  const unsubscribe = store.subscribe(paint);
  paint();
  return () => {
    unsubscribe();
    rail.remove();
  };
}

function paintMarker(marker: HTMLElement, reader: MarkerReader, self: boolean): void {
  marker.className = ["rail-marker", self && "rail-marker--you", !reader.active && "rail-marker--idle"].filter(Boolean).join(" ");
  marker.dataset.readerId = reader.id;
  marker.dataset.progress = reader.progress.toFixed(2);
  marker.dataset.self = String(self);
  marker.title = `${self ? "You" : reader.label} · ${Math.round(reader.progress * 100)}%${reader.active ? "" : " · idle"}`;
  marker.style.setProperty("--progress", String(reader.progress));
  marker.style.setProperty("--marker-color", reader.color);
}
