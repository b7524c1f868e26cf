// What a post's room socket's frames make of the room, without React: the store the app's hooks
// use (article-room-store.ts), the early painter and the script tag (packages/script-tag) all run it.
import type { StateCreator } from "zustand";
import type { ArticleServerMessage, Reader } from "../party/shared/protocol";

export type RoomMode = "rail" | "crowd";

export interface ArticleRoomState {
  slug: string | null;
  live: boolean;
  /** "rail": a marker per reader; "crowd": a large room's density strip and a few faces. */
  mode: RoomMode;
  /** Your public id in the room, or null while the room doesn't show you to others yet. */
  you: string | null;
  /** false when this browser counts nowhere (an owner who excluded themself, a headless browser). */
  counted: boolean;
  /** Readers of the post: everyone the room counts (you too, shown or not), the same figure every reader gets. */
  count: number;
  /** Rail: every reader shown; crowd: the few visible people named. By public id. */
  readers: Record<string, Reader>;
  /** Crowd: readers per slice of the post, top to bottom. */
  density: number[];
  /** Where you are, as this tab measures it (your own marker never waits for the room). */
  selfProgress: number;
  enter: (slug: string) => void;
  leave: (slug: string) => void;
  receive: (slug: string, message: ArticleServerMessage) => void;
  moveSelf: (slug: string, progress: number) => void;
}

const EMPTY = { live: false, mode: "rail" as const, you: null, counted: true, count: 0, readers: {}, density: [], selfProgress: 0 };

const byId = (readers: Reader[]) => Object.fromEntries(readers.map((reader) => [reader.id, reader]));

/** What a room socket's frames make of the room (also run on its own by components/presence/early-figures.ts). */
export const articleRoomState: StateCreator<ArticleRoomState> = (set, get) => ({
  slug: null,
  ...EMPTY,
  enter: (slug) => set({ slug, ...EMPTY }),
  leave: (slug) => {
    if (get().slug === slug) set({ slug: null, ...EMPTY });
  },
  moveSelf: (slug, progress) => {
    if (get().slug === slug) set({ selfProgress: progress });
  },
  receive: (slug, message) => {
    if (get().slug !== slug) return;
    switch (message.type) {
      case "room-snapshot":
        return set({ live: true, mode: message.mode, you: message.you, counted: message.counted, count: message.count, readers: byId(message.readers), density: message.density });
      case "room-crowd":
        return set({ count: message.count, readers: byId(message.faces), density: message.density });
      case "room-diff": {
        const readers = { ...get().readers };
        for (const reader of message.upserts) readers[reader.id] = reader;
        for (const [id, progress] of Object.entries(message.moved)) {
          const reader = readers[id];
          if (reader) readers[id] = { ...reader, progress };
        }
        for (const id of message.removed) delete readers[id];
        return set({ readers, count: message.count });
      }
      case "room-moved":
        // The socket connects again elsewhere (use-article-room); the room as shown stays until then.
        return;
    }
  },
});

/** Other readers in a stable order (by label), so lists don't jump around as people scroll. */
export function otherReaders(readers: Record<string, Reader>, you: string | null): Reader[] {
  return Object.values(readers)
    .filter((reader) => reader.id !== you)
    .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
}

