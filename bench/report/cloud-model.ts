// A model on paper of one huge room on Cloudflare, from the largest crowd room this machine
// held: its measured bytes per frame and CPU per frame, and the worker's own pace rules
// (party/article/room-pace.ts) for how often readers send and how often the room ticks. Not a measurement.
import type { RoomScrollResult } from "../load/jobs";
import { CROWD_TICK_GROWS_ABOVE, MAX_INBOUND_PER_SECOND, MAX_OUTBOUND_PER_SECOND, sendEveryMs, tickMs } from "../../party/article/room-pace";
import { bytes, thousands } from "./format";
import { roomFigures } from "./room-figures";

export const MODEL_SIZES = [10_000, 100_000];

/** Durable Objects pricing (developers.cloudflare.com/durable-objects/platform/pricing, paid plan). */
const PRICE = { perMillionRequests: 0.15, incomingMessagesPerRequest: 20, perMillionGbSeconds: 12.5, gbPerObject: 0.125 };

export interface RoomModel {
  readers: number;
  sendEveryMs: number;
  /** The crowd view's tick: every reader gets one frame per tick. */
  tickMs: number;
  /** Progress messages into the room per second, every reader moving all the time (the worst case). */
  inboundPerSecond: number;
  /** Objects the room needs to keep each under MAX_INBOUND_PER_SECOND (the worker today runs a room as one). */
  objectsNeeded: number;
  framesOutPerSecond: number;
  bytesOutPerSecond: number;
  /** The measured CPU scaled by frames sent: cores one object would need on this machine's workerd. */
  cores: number;
  dollarsPerHour: number;
}

export function modelRoom(measured: RoomScrollResult, readers: number): RoomModel {
  const figures = roomFigures(measured);
  const pace = sendEveryMs(readers);
  const tick = tickMs(readers, "crowd");
  const framesOutPerSecond = (readers * 1000) / tick;
  const measuredFramesPerSecond = figures.framesPerReaderSecond * measured.readers;
  const bytesPerFrame = figures.bytesPerReaderSecond / figures.framesPerReaderSecond;
  const inboundPerSecond = (readers * 1000) / pace;
  const objectsNeeded = Math.ceil(inboundPerSecond / MAX_INBOUND_PER_SECOND);
  const requestsPerHour = (inboundPerSecond * 3600) / PRICE.incomingMessagesPerRequest;
  const gbSecondsPerHour = objectsNeeded * 3600 * PRICE.gbPerObject;
  return {
    readers,
    sendEveryMs: pace,
    tickMs: tick,
    inboundPerSecond,
    objectsNeeded,
    framesOutPerSecond,
    bytesOutPerSecond: framesOutPerSecond * bytesPerFrame,
    cores: ((figures.serverCoresPerReader * measured.readers) / measuredFramesPerSecond) * framesOutPerSecond,
    dollarsPerHour: (requestsPerHour * PRICE.perMillionRequests + gbSecondsPerHour * PRICE.perMillionGbSeconds) / 1e6,
  };
}

export function renderModel(measured: RoomScrollResult): string {
  const figures = roomFigures(measured);
  const models = MODEL_SIZES.map((readers) => modelRoom(measured, readers));
  const row = (label: string, cell: (model: RoomModel) => string) => `| ${label} | ${models.map(cell).join(" | ")} |`;
  return [
    `From the room of ${thousands(measured.readers)} (crowd view): ${figures.framesPerReaderSecond.toFixed(1)} frames and ${bytes(figures.bytesPerReaderSecond)} per reader per second, ` +
      `${(figures.serverCoresPerReader * 1e6).toFixed(1)} µs of workerd CPU per reader per second. A crowd frame's size doesn't grow with the room, and every reader gets one per tick; ` +
      `the tick and the send pace are the worker's rules (the tick grows past ${thousands(CROWD_TICK_GROWS_ABOVE)} readers so that one object sends at most ${thousands(MAX_OUTBOUND_PER_SECOND)} frames a second; ` +
      `readers send less often as the room grows, 32 s at the slowest), with every reader moving all the time. CPU is scaled by the frames sent.`,
    "",
    `| one room of | ${models.map((model) => thousands(model.readers)).join(" | ")} |`,
    `|---|${models.map(() => "---").join("|")}|`,
    row("readers send every", (model) => `${model.sendEveryMs / 1000} s`),
    row("crowd tick (each reader's frames)", (model) => `${model.tickMs / 1000} s`),
    row("progress messages in, per second", (model) => thousands(model.inboundPerSecond)),
    row(`objects to keep each ≤ ${MAX_INBOUND_PER_SECOND} msgs/s in`, (model) => `${model.objectsNeeded}${model.objectsNeeded > 1 ? " (the worker runs a room as one today)" : ""}`),
    row("frames out, per second", (model) => thousands(model.framesOutPerSecond)),
    row("bytes out, per second", (model) => `${bytes(model.bytesOutPerSecond)}/s`),
    row("CPU at this machine's cost per frame sent (cores)", (model) => model.cores.toFixed(2)),
    row("Durable Objects bill per hour (requests at 20 messages each + duration at 128 MB)", (model) => `$${model.dollarsPerHour.toFixed(3)}`),
  ].join("\n");
}
