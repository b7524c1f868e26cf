import { create } from "zustand";
import type { ArticleServerMessage, Reader } from "../party/protocol";

interface ArticleRoomState {
  slug: string | null;
  live: boolean;
  /** This browser's public reader id in the room. */
  you: string | null;
  readers: Record<string, Reader>;
  enter: (slug: string) => void;
  leave: (slug: string) => void;
  receive: (slug: string, message: ArticleServerMessage) => void;
}

const EMPTY = { live: false, you: null, readers: {} };

export const useArticleRoomStore = create<ArticleRoomState>()((set, get) => ({
  slug: null,
  ...EMPTY,
  enter: (slug) => set({ slug, ...EMPTY }),
  leave: (slug) => {
    if (get().slug === slug) set({ slug: null, ...EMPTY });
  },
  receive: (slug, message) => {
    if (get().slug !== slug) return;
    if (message.type === "room-snapshot") {
      set({ live: true, you: message.you, readers: Object.fromEntries(message.readers.map((r) => [r.id, r])) });
      return;
    }
    const readers = { ...get().readers };
    for (const reader of message.upserts) readers[reader.id] = reader;
    for (const [id, progress] of Object.entries(message.moved)) {
      const reader = readers[id];
      if (reader) readers[id] = { ...reader, progress };
    }
    for (const id of message.removed) delete readers[id];
    set({ readers });
  },
}));

/** Readers in a stable order (by label), so lists don't jump around as people scroll. */
export function sortReaders(readers: Record<string, Reader>): Reader[] {
  return Object.values(readers).sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}
