// Reads the worker's room frames (party/shared/protocol.ts) as RoomNews, field by field: zod
// on every frame of a 5,000-reader room would make the load generator the bottleneck.
import { isRecord, type RoomNews } from "./target";

const placesOf = (readers: unknown): [string, number][] =>
  (Array.isArray(readers) ? readers : []).flatMap((reader): [string, number][] =>
    isRecord(reader) && typeof reader.id === "string" && typeof reader.progress === "number" ? [[reader.id, reader.progress]] : [],
  );

const numbers = (value: unknown): number[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === "number") ? (value as number[]) : undefined;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item) => typeof item === "string") : []);

const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);

/** The room news in a frame, and (from a snapshot) the reader's own public id; null for other frames. */
export function roomNewsOf(frame: Record<string, unknown>): { news: RoomNews; you?: string } | null {
  const figures = { count: numberOrUndefined(frame.count), sendEveryMs: numberOrUndefined(frame.sendEveryMs) };
  if (frame.type === "room-snapshot") {
    const density = frame.mode === "crowd" ? numbers(frame.density) : undefined;
    const news: RoomNews = { places: placesOf(frame.readers), whole: true, removed: [], ...figures, density };
    return { news, you: typeof frame.you === "string" ? frame.you : undefined };
  }
  if (frame.type === "room-diff") {
    // Readers who only moved come as id -> progress.
    const moved = Object.entries(isRecord(frame.moved) ? frame.moved : {}).filter((entry): entry is [string, number] => typeof entry[1] === "number");
    return { news: { places: [...placesOf(frame.upserts), ...moved], whole: false, removed: strings(frame.removed), ...figures } };
  }
  if (frame.type === "room-crowd") {
    return { news: { places: placesOf(frame.faces), whole: true, removed: [], ...figures, density: numbers(frame.density) } };
  }
  return null;
}
