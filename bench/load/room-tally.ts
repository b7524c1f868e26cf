// What a room's readers sent and were last told, once the room has gone quiet: the inbound
// rate, and whether every reader's count and view came out exact.
import { densityOf, relayReportsPerSecond } from "../../party/article/room-pace";
import type { BenchReader } from "./bench-reader";

export interface RoomTally {
  crowd: boolean;
  updatesSent: number;
  /** Into the busiest object: its messages per second, on average and in its busiest whole second. */
  inboundPerSecond: number;
  inboundPeakPerSecond: number;
  objects: number;
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

/**
 * Messages into each object of the room, per whole second of the scroll: its readers' sends, and
 * for the room's own object (seat null) its relays' reports, at most one per report window each.
 */
function inboundByObject(readers: BenchReader[], scrollStart: number, scrollSeconds: number): { mean: number; peak: number }[] {
  const seconds = Math.max(1, Math.floor(scrollSeconds));
  const perObject = new Map<number | null, number[]>();
  for (const entry of readers) {
    const seat = entry.reader?.seat ?? null;
    let perSecond = perObject.get(seat);
    if (!perSecond) perObject.set(seat, (perSecond = new Array<number>(seconds).fill(0)));
    for (const at of entry.sendTimes) {
      const second = Math.floor((at - scrollStart) / 1000);
      if (second >= 0 && second < seconds) perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
  }
  const relayReports = relayReportsPerSecond(perObject.size - (perObject.has(null) ? 1 : 0));
  return [...perObject].map(([seat, perSecond]) => {
    const extra = seat === null ? relayReports : 0;
    return { mean: perSecond.reduce((sum, sends) => sum + sends, 0) / seconds + extra, peak: Math.max(...perSecond) + extra };
  });
}

export function tallyRoom(readers: BenchReader[], scrollStart: number, scrollSeconds: number): RoomTally {
  const byId = new Map(readers.flatMap((entry) => (entry.reader ? [[entry.reader.id, entry] as const] : [])));
  const crowd = readers.some((entry) => entry.density !== null);
  const strip = crowd ? densityOf(readers.map((entry) => entry.lastSent)) : null;
  const drops = readers.flatMap((entry) => entry.reader?.dropped() ?? []);
  const inbound = inboundByObject(readers, scrollStart, scrollSeconds);
  return {
    crowd,
    updatesSent: readers.reduce((sum, entry) => sum + entry.sendTimes.length, 0),
    inboundPerSecond: Math.round(Math.max(...inbound.map((object) => object.mean))),
    inboundPeakPerSecond: Math.max(...inbound.map((object) => object.peak)),
    objects: inbound.length,
    countsExact: readers.filter((entry) => entry.count === readers.length).length,
    viewsExact: readers.filter((entry) => viewIsExact(entry, readers, byId, strip)).length,
    dropped: drops.length,
    dropReason: drops[0] ?? null,
  };
}
