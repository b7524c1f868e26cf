// How a room's pace follows its size. A small room sends each change almost at once (a tick of
// a few milliseconds); a busy one gathers changes into one diff per longer tick, so it costs
// O(readers) frames per tick however fast its readers scroll. A large room switches to the
// crowd view (a density strip and a few faces: frames of bounded size), and asks its readers
// to send their progress less often, so no object takes more than ~MAX_INBOUND_PER_SECOND.
// The crowd tick and the send pace follow the sockets of the room's busiest object: a crowded
// room spreads its sockets over relays (ROOM_SOCKETS_PER_OBJECT each), each fanning out its own.

export const RAIL_TICK_MIN_MS = 8;
export const RAIL_TICK_MAX_MS = 150;
/** Milliseconds of rail tick per reader, between the two bounds above. */
const RAIL_TICK_PER_READER_MS = 0.4;
export const CROWD_TICK_MIN_MS = 150;
/**
 * Frames one object should send at most, per second, in the crowd view (every socket gets one
 * frame per tick): past CROWD_TICK_GROWS_ABOVE sockets in one object, its tick grows, so its
 * updates come a little less often instead of piling up behind its fan-out. Measured on the
 * benchmark's machine (workerd without wrangler's dev proxy): 15,000 frames a second took 0.6 of
 * a core and kept up. With the default ROOM_SOCKETS_PER_OBJECT (2,000) no object gets there.
 */
export const MAX_OUTBOUND_PER_SECOND = 15_000;
/** Up to this many sockets in one object every one gets a frame per shortest crowd tick within the budget (2,250). */
export const CROWD_TICK_GROWS_ABOVE = (CROWD_TICK_MIN_MS * MAX_OUTBOUND_PER_SECOND) / 1000;

/**
 * The longest a room's tick lasts: a change waits at most this long to reach the others. `sockets`:
 * in the rail, the room's readers; in the crowd view, the sockets of its busiest object.
 */
export function tickMs(sockets: number, mode: RoomMode): number {
  if (mode === "crowd") return Math.max(CROWD_TICK_MIN_MS, Math.ceil((sockets * 1000) / MAX_OUTBOUND_PER_SECOND));
  return Math.min(RAIL_TICK_MAX_MS, Math.max(RAIL_TICK_MIN_MS, Math.round(sockets * RAIL_TICK_PER_READER_MS)));
}

/** Progress messages one object should take at most, per second. */
export const MAX_INBOUND_PER_SECOND = 500;
/** How often a reader may send progress: 4 times a second, halved in steps as the room grows. */
const SEND_EVERY_STEPS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000] as const;
const SLOWEST_SEND_EVERY_MS = 32_000;

/**
 * How often a reader may send its progress, from the sockets of the busiest object of its room.
 * A room with relays also takes their reports: then every object's readers get half the budget,
 * and the relays' reports the other half of the room's own (relayReportWindowMs).
 */
export function sendEveryMs(sockets: number, { relays = 0 } = {}): number {
  const budget = relays > 0 ? MAX_INBOUND_PER_SECOND / 2 : MAX_INBOUND_PER_SECOND;
  const needed = (sockets * 1000) / budget;
  return SEND_EVERY_STEPS_MS.find((step) => step >= needed) ?? SLOWEST_SEND_EVERY_MS;
}

/**
 * A relay reports what its sockets did to its room at most this often (a change after a quiet
 * spell at once): 10 times a second, less once the room has so many relays that their reports
 * would pass half its inbound budget.
 */
export function relayReportWindowMs(relays: number): number {
  return Math.max(RELAY_REPORT_WINDOW_MIN_MS, Math.ceil((relays * 1000) / (MAX_INBOUND_PER_SECOND / 2)));
}
const RELAY_REPORT_WINDOW_MIN_MS = 100;

/** Reports a room's relays send it per second at most, each at its report window. */
export function relayReportsPerSecond(relays: number): number {
  return (relays * 1000) / relayReportWindowMs(relays);
}

export type RoomMode = "rail" | "crowd";

/**
 * The crowd view starts when a room has more than `enterAbove` readers and ends when it is back
 * below 80 % of that, so a room at the threshold doesn't flap between the two.
 */
export class RoomModeSwitch {
  mode: RoomMode = "rail";

  constructor(private readonly enterAbove: number) {}

  get leaveBelow(): number {
    return Math.floor(this.enterAbove * 0.8);
  }

  /** Takes the room's size; returns true when the mode changed. */
  update(readers: number): boolean {
    const next = this.mode === "rail" ? (readers > this.enterAbove ? "crowd" : "rail") : readers < this.leaveBelow ? "rail" : "crowd";
    if (next === this.mode) return false;
    this.mode = next;
    return true;
  }
}

/** Equal slices of the post from top to bottom, in the crowd view's density strip. */
export const DENSITY_SLICES = 20;

/** The slice of the post a place (0–1) is in; the very end belongs to the last. */
export const sliceOf = (progress: number, slices = DENSITY_SLICES) => Math.min(slices - 1, Math.max(0, Math.floor(progress * slices)));

/** How many readers are in each slice of the post. */
export function densityOf(progresses: Iterable<number>, slices = DENSITY_SLICES): number[] {
  const density = new Array<number>(slices).fill(0);
  for (const progress of progresses) {
    const slice = sliceOf(progress, slices);
    density[slice] = (density[slice] ?? 0) + 1;
  }
  return density;
}

/** Visible people named in the crowd view, beside the density strip and under the title. */
export const MAX_FACES = 8;
