// What a room's readers sent and were last told, once the room has gone quiet: the inbound
// rate, and whether every reader's count and view came out exact.
import { densityOf } from "../../party/article/room-pace";
import type { BenchReader } from "./bench-reader";

export interface RoomTally {
  crowd: boolean;
  updatesSent: number;
  /** Sends in the busiest whole second of the scroll. */
  inboundPeakPerSecond: number;
  countsExact: number;
  viewsExact: number;
  /** Readers whose socket the server side closed during the run, and the first one's reason. */
  dropped: number;
  dropReason: string | null;
}

const sameStrip = (told: number[] | null, truth: number[]) => told !== null && told.length === truth.length && told.every((slice, index) => slice === truth[index]);

/**
 * A reader's view is exact when it holds what everyone last sent: in the rail (and the
 * baseline), every other reader's place; in the crowd view, the density strip of all the
 * readers' places (computed as the worker does), and each face's place.
 */
function viewIsExact(entry: BenchReader, readers: BenchReader[], byId: Map<string, BenchReader>, strip: number[] | null): boolean {
  if (strip !== null) {
    if (!sameStrip(entry.density, strip)) return false;
    for (const [id, progress] of entry.places) if (byId.get(id)?.lastSent !== progress) return false;
    return true;
  }
  for (const other of readers) {
    if (other === entry || !other.reader) continue;
    if ((entry.places.get(other.reader.id) ?? 0) !== other.lastSent) return false;
  }
  return true;
}

export function tallyRoom(readers: BenchReader[], scrollStart: number, scrollSeconds: number): RoomTally {
  const byId = new Map(readers.flatMap((entry) => (entry.reader ? [[entry.reader.id, entry] as const] : [])));
  const crowd = readers.some((entry) => entry.density !== null);
  const strip = crowd ? densityOf(readers.map((entry) => entry.lastSent)) : null;
  const perSecond = new Array<number>(Math.max(1, Math.floor(scrollSeconds))).fill(0);
  const drops = readers.flatMap((entry) => entry.reader?.dropped() ?? []);
  let updatesSent = 0;
  for (const entry of readers) {
    for (const at of entry.sendTimes) {
      updatesSent++;
      const second = Math.floor((at - scrollStart) / 1000);
      if (second >= 0 && second < perSecond.length) perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
  }
  return {
    crowd,
    updatesSent,
    inboundPeakPerSecond: Math.max(...perSecond),
    countsExact: readers.filter((entry) => entry.count === readers.length).length,
    viewsExact: readers.filter((entry) => viewIsExact(entry, readers, byId, strip)).length,
    dropped: drops.length,
    dropReason: drops[0] ?? null,
  };
}
