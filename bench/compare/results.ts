// What one comparison run measured, as written to bench/results/ and rendered into the docs.
import type { JoinStormResult, RoomScrollResult } from "../load/jobs";
import type { Design } from "./server-under-test";
import type { Machine } from "./machine";

export interface StormRow {
  design: Design;
  /** SITE_SHARDS passed to the worker (null for the baseline). */
  siteShards: string | null;
  result: JoinStormResult;
  /** The baseline passed the memory limit and was stopped mid-storm. */
  stoppedForMemory: boolean;
  loadAverage: number;
}

export interface RoomRow {
  design: Design;
  readers: number;
  /** The worker's ROOM_SOCKETS_PER_OBJECT for the run (null for the baseline): below `readers`, the room sat in relays too. */
  perObject: number | null;
  /** null when this size was not run or its run failed; `stopped` says why. */
  result: RoomScrollResult | null;
  /** Why this design stopped at this size (it did not keep up), or null. */
  stopped: string | null;
  loadAverage: number;
}

export interface MemoryRow {
  design: Design;
  /** Idle sockets held at the two measuring points. */
  sockets: [number, number];
  serverRss: [number, number];
  loadAverage: number;
}

export interface ComparisonRun {
  date: string;
  command: string;
  machine: Machine;
  totalSeconds: number;
  storms: StormRow[];
  rooms: RoomRow[];
  memory: MemoryRow[];
}

/** A worker run whose room was spread over relays (all of them on this machine's one workerd thread). */
export const isSplit = (row: RoomRow) => row.perObject !== null && row.perObject < row.readers;

/** Bytes of server memory per idle connection, between the two measuring points. */
export function perConnection(rss: [number, number], sockets: [number, number]): number {
  return (rss[1] - rss[0]) / (sockets[1] - sockets[0]);
}
