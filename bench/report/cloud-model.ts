// A model on paper of one huge room on Cloudflare, from the largest crowd room this machine
// held in one object: its measured bytes and CPU per frame, and the worker's own rules for how a
// room spreads over objects (party/config/room-seats.ts), how often readers send and how often an
// object ticks (party/article/room-pace.ts). Not a measurement.
import { DEFAULT_ROOM_SOCKETS_PER_OBJECT } from "../../party/config/room-seats";
import { MAX_INBOUND_PER_SECOND, relayReportsPerSecond, relayReportWindowMs, sendEveryMs, tickMs } from "../../party/article/room-pace";
import type { RoomScrollResult } from "../load/jobs";
import { bytes, ms, thousands } from "./format";
import { roomFigures } from "./room-figures";

export const MODEL_SIZES = [10_000, 100_000];

/** Durable Objects pricing (developers.cloudflare.com/durable-objects/platform/pricing, paid plan). */
const PRICE = { perMillionRequests: 0.15, incomingMessagesPerRequest: 20, perMillionGbSeconds: 12.5, gbPerObject: 0.125 };

export interface RoomModel {
  readers: number;
  /** The room's own object and its relays, each holding at most ROOM_SOCKETS_PER_OBJECT sockets. */
  objects: number;
  sendEveryMs: number;
  /** Each object's crowd tick: every socket gets at most one frame per tick. */
  tickMs: number;
  /** Into the busiest object, every reader moving all the time (the worst case): its readers' progress, and for the room's own object its relays' reports. */
  inboundPerObject: number;
  inboundTotal: number;
  framesOutPerObject: number;
  framesOutTotal: number;
  bytesOutTotal: number;
  /** The measured CPU per frame, times one object's frames: the cores one object needs on this machine's workerd. */
  coresPerObject: number;
  /** The longest a change can take to reach a reader in a relay: the relay's report window, a tick, and that relay's burst of frames. */
  worstDelayMs: number;
  dollarsPerHour: number;
}

export function modelRoom(measured: RoomScrollResult, readers: number, perObject = DEFAULT_ROOM_SOCKETS_PER_OBJECT): RoomModel {
  const figures = roomFigures(measured);
  const objects = Math.ceil(readers / perObject);
  const busiest = Math.min(readers, perObject);
  const relays = objects - 1;
  const pace = sendEveryMs(busiest, { relays });
  const tick = tickMs(busiest, "crowd");
  const reportWindow = relayReportWindowMs(relays);
  const measuredFramesPerSecond = figures.framesPerReaderSecond * measured.readers;
  const cpuPerFrame = (figures.serverCoresPerReader * measured.readers) / measuredFramesPerSecond;
  const bytesPerFrame = figures.bytesPerReaderSecond / figures.framesPerReaderSecond;
  const relayReports = relayReportsPerSecond(relays);
  const inboundTotal = (readers * 1000) / pace;
  const framesOutPerObject = (busiest * 1000) / tick;
  const framesOutTotal = (readers * 1000) / tick;
  // Billed requests: readers' messages (20 to a request), the relays' reports, the room's deliveries to its relays.
  const requestsPerSecond = inboundTotal / PRICE.incomingMessagesPerRequest + relayReports + (relays * 1000) / tick;
  return {
    readers,
    objects,
    sendEveryMs: pace,
    tickMs: tick,
    inboundPerObject: (busiest * 1000) / pace + relayReports,
    inboundTotal,
    framesOutPerObject,
    framesOutTotal,
    bytesOutTotal: framesOutTotal * bytesPerFrame,
    coresPerObject: framesOutPerObject * cpuPerFrame,
    worstDelayMs: reportWindow + tick + busiest * cpuPerFrame * 1000,
    dollarsPerHour: (requestsPerSecond * 3600 * PRICE.perMillionRequests + objects * 3600 * PRICE.gbPerObject * PRICE.perMillionGbSeconds) / 1e6,
  };
}

export function renderModel(measured: RoomScrollResult): string {
  const figures = roomFigures(measured);
  const models = MODEL_SIZES.map((readers) => modelRoom(measured, readers));
  const row = (label: string, cell: (model: RoomModel) => string) => `| ${label} | ${models.map(cell).join(" | ")} |`;
  return [
    `From the room of ${thousands(measured.readers)} in one object (crowd view): ${figures.framesPerReaderSecond.toFixed(1)} frames and ${bytes(figures.bytesPerReaderSecond)} per reader per second, ` +
      `${(figures.serverCoresPerReader * 1e6).toFixed(1)} µs of workerd CPU per reader per second. A crowd frame's size doesn't grow with the room. ` +
      `A room spreads over objects of at most ${thousands(DEFAULT_ROOM_SOCKETS_PER_OBJECT)} sockets each (the room's own and its relays); each object ticks and fans out to its own sockets, ` +
      `and its readers send at the pace its size sets, every reader moving all the time. CPU and delay are scaled by the frames one object sends; objects run side by side on Cloudflare (not on this machine, where they share one thread).`,
    "",
    `| one room of | ${models.map((model) => thousands(model.readers)).join(" | ")} |`,
    `|---|${models.map(() => "---").join("|")}|`,
    row("objects (the room's own and its relays)", (model) => thousands(model.objects)),
    row("readers send every", (model) => `${model.sendEveryMs / 1000} s`),
    row("crowd tick (each reader's frames)", (model) => `${model.tickMs / 1000} s`),
    row(`messages into the busiest object, per second (target ~${MAX_INBOUND_PER_SECOND})`, (model) => thousands(model.inboundPerObject)),
    row("progress messages in, all objects, per second", (model) => thousands(model.inboundTotal)),
    row("frames out per object / in all, per second", (model) => `${thousands(model.framesOutPerObject)} / ${thousands(model.framesOutTotal)}`),
    row("bytes out, all objects, per second", (model) => `${bytes(model.bytesOutTotal)}/s`),
    row("CPU per object at this machine's cost per frame (cores)", (model) => model.coresPerObject.toFixed(2)),
    row("longest a change takes to a reader in a relay (report window + tick + the relay's burst)", (model) => ms(model.worstDelayMs)),
    row("Durable Objects bill per hour (requests, messages at 20 each + duration at 128 MB)", (model) => `$${model.dollarsPerHour.toFixed(2)}`),
  ].join("\n");
}
