// A room as one socket has been told it, frame by frame, the way the browser's store keeps it.
import type { TestSocket } from "./sockets";

export interface SeenReader {
  id: string;
  label: string;
  image: string | null;
  progress: number;
  active: boolean;
}

export interface RoomView {
  mode: "rail" | "crowd";
  you: string | null;
  count: number;
  readers: Map<string, SeenReader>;
  density: number[];
  sendEveryMs: number;
}

export function roomViewOf(socket: TestSocket): RoomView {
  const view: RoomView = { mode: "rail", you: null, count: 0, readers: new Map(), density: [], sendEveryMs: 0 };
  for (const frame of socket.frames) {
    if (frame.type === "room-snapshot") {
      Object.assign(view, { mode: frame.mode, you: frame.you, count: frame.count, density: frame.density, sendEveryMs: frame.sendEveryMs });
      view.readers = new Map((frame.readers as SeenReader[]).map((reader) => [reader.id, reader]));
    } else if (frame.type === "room-diff") {
      for (const reader of frame.upserts as SeenReader[]) view.readers.set(reader.id, reader);
      for (const [id, progress] of Object.entries(frame.moved as Record<string, number>)) {
        const reader = view.readers.get(id);
        if (reader) view.readers.set(id, { ...reader, progress });
      }
      for (const id of frame.removed as string[]) view.readers.delete(id);
      view.count = frame.count as number;
      if (typeof frame.sendEveryMs === "number") view.sendEveryMs = frame.sendEveryMs;
    } else if (frame.type === "room-crowd") {
      Object.assign(view, { count: frame.count, density: frame.density, sendEveryMs: frame.sendEveryMs });
      view.readers = new Map((frame.faces as SeenReader[]).map((reader) => [reader.id, reader]));
    }
  }
  return view;
}

export const labelsOf = (view: RoomView) => [...view.readers.values()].map((reader) => reader.label).sort();

/** Every public id and label a socket was ever told of: what an observer logging frames could link. */
export function everyLookSeen(socket: TestSocket): { ids: Set<string>; labels: Set<string> } {
  const ids = new Set<string>();
  const labels = new Set<string>();
  const add = (readers: unknown) => {
    for (const reader of readers as SeenReader[]) {
      ids.add(reader.id);
      labels.add(reader.label);
    }
  };
  for (const frame of socket.frames) {
    if (frame.type === "room-snapshot") add(frame.readers);
    if (frame.type === "room-diff") add(frame.upserts);
    if (frame.type === "room-crowd") add(frame.faces);
  }
  return { ids, labels };
}
