import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Departures } from "@/party/core/departures";
import { FLOOD_SWEEPS, FLOOD_WINDOW_MS, IDLE_GHOST_FACTOR, isFlooding, isGhost, nextFloodStreak, nextSweepMs } from "@/party/core/liveness";
import { Throttle } from "@/party/core/throttle";
import { CLOSE_CODES } from "@/party/shared/protocol";

const GRACE_MS = 3000;

describe("departures and the grace window", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a goodbye leaves at once", () => {
    const leave = vi.fn();
    new Departures(GRACE_MS).schedule("c1", CLOSE_CODES.goodbye, leave);
    expect(leave).toHaveBeenCalledOnce();
  });

  it("any other close leaves when the grace window is over, not a moment sooner", () => {
    const leave = vi.fn();
    new Departures(GRACE_MS).schedule("c1", 1006, leave);
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(leave).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(leave).toHaveBeenCalledOnce();
  });

  it("a second close of the same socket replaces the first: it leaves once", () => {
    const departures = new Departures(GRACE_MS);
    const first = vi.fn();
    const second = vi.fn();
    departures.schedule("c1", 1006, first);
    departures.schedule("c1", CLOSE_CODES.goodbye, second);
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
  });

  it("without a grace window every close leaves at once", () => {
    const leave = vi.fn();
    new Departures(0).schedule("c1", 1001, leave);
    expect(leave).toHaveBeenCalledOnce();
  });
});

describe("ghosts", () => {
  const now = 1_000_000;
  const ghostAfter = 15_000;

  it("a socket is a ghost once silent for longer than the bound, by its last heartbeat or else its connect time", () => {
    expect(isGhost({ connectedAt: now - 60_000, active: true }, now - 4_000, now, ghostAfter)).toBe(false);
    expect(isGhost({ connectedAt: now - 60_000, active: true }, now - ghostAfter - 1, now, ghostAfter)).toBe(true);
    expect(isGhost({ connectedAt: now - 2_000, active: true }, null, now, ghostAfter)).toBe(false);
    expect(isGhost({ connectedAt: now - ghostAfter - 1, active: true }, null, now, ghostAfter)).toBe(true);
  });

  it("a tab that said it is idle gets IDLE_GHOST_FACTOR times as long", () => {
    const idle = { connectedAt: now - 600_000, active: false };
    expect(isGhost(idle, now - ghostAfter * 2, now, ghostAfter)).toBe(false);
    expect(isGhost(idle, now - ghostAfter * IDLE_GHOST_FACTOR - 1, now, ghostAfter)).toBe(true);
  });
});

/** Checks sockets sweep after sweep as the worker does, each one's streak carried between sweeps (in its attachment there). */
class Sweeps {
  private readonly streaks = new Map<string, number>();
  check(socket: string, lastHeardAt: number | null, now: number): boolean {
    const streak = nextFloodStreak(this.streaks.get(socket) ?? 0, lastHeardAt, now);
    this.streaks.set(socket, streak);
    return isFlooding(streak);
  }
}

describe("heartbeat floods", () => {
  it(`a socket whose last heartbeat is within ${FLOOD_WINDOW_MS} ms of ${FLOOD_SWEEPS} sweeps in a row is flooding`, () => {
    const sweeps = new Sweeps();
    const verdicts = Array.from({ length: FLOOD_SWEEPS }, (_, sweep) => sweeps.check("c1", sweep * 10_000 - 1, sweep * 10_000));
    expect(verdicts).toEqual([...Array(FLOOD_SWEEPS - 1).fill(false), true]);
  });

  it("one ordinary sweep in between starts the count again", () => {
    const sweeps = new Sweeps();
    for (let sweep = 0; sweep < FLOOD_SWEEPS - 1; sweep++) sweeps.check("c1", sweep * 10_000, sweep * 10_000);
    expect(sweeps.check("c1", 40_000 - 3_000, 40_000)).toBe(false);
    expect(sweeps.check("c1", 50_000, 50_000)).toBe(false);
  });

  it.each([10, 33, 1000])("a socket beating %i times a second, at any phase, is closed at its FLOOD_SWEEPS-th sweep", (perSecond) => {
    const every = 1000 / perSecond;
    for (let trial = 0; trial < 200; trial++) {
      const sweeps = new Sweeps();
      const phase = Math.random() * every;
      let now = 0;
      let closedAt = 0;
      for (let sweep = 1; sweep <= FLOOD_SWEEPS && !closedAt; sweep++) {
        now += nextSweepMs(10_000);
        if (sweeps.check("c1", phase + Math.floor((now - phase) / every) * every, now)) closedAt = sweep;
      }
      expect(closedAt).toBe(FLOOD_SWEEPS);
    }
  });

  it("honest sockets beating every 5 s at random offsets are not taken for flooders (10,000 sockets, 100 sweeps)", () => {
    const sweeps = new Sweeps();
    let flagged = 0;
    for (let sweep = 1; sweep <= 100; sweep++) {
      const now = sweep * 10_000;
      for (let socket = 0; socket < 10_000; socket++) {
        if (sweeps.check(`c${socket}`, now - Math.random() * 5_000, now)) flagged++;
      }
    }
    expect(flagged).toBe(0);
  });

  it("honest tabs on a steady 5 s clock, at every phase, are not taken for flooders by sweeps on the worker's schedule", () => {
    // A tab's heartbeat keeps its phase; with steady sweeps, one tab in 40 beats within the window before each of them.
    const tabs = 5_000;
    const sweeps = new Sweeps();
    const flagged = new Set<number>();
    let now = 0;
    for (let sweep = 0; sweep < 100; sweep++) {
      now += nextSweepMs(10_000);
      for (let tab = 0; tab < tabs; tab++) {
        const phase = tab; // every millisecond of the 5 s cycle
        const lastBeat = phase + Math.floor((now - phase) / 5_000) * 5_000;
        if (sweeps.check(`c${tab}`, lastBeat, now)) flagged.add(tab);
      }
    }
    expect(flagged.size).toBe(0);
  });

  it("an honest tab's chance of FLOOD_SWEEPS suspicious sweeps in a row is below 1e-12 per sweep", () => {
    // First sweep: the window out of the 5 s beat. Each next one, 8-12 s later: the window out of
    // the 4 s the next sweep may land in (landing in it again needs a delay within one window-long range).
    const chance = (FLOOD_WINDOW_MS / 5_000) * (FLOOD_WINDOW_MS / 4_000) ** (FLOOD_SWEEPS - 1);
    expect(chance).toBeLessThan(1e-12);
    // ...and a beat more than ~8 times a second is always within the window.
    expect(1000 / FLOOD_WINDOW_MS).toBeLessThan(10);
  });

  it("a sweep comes every PRESENCE_SWEEP_MS, give or take a fifth", () => {
    expect(nextSweepMs(10_000, () => 0)).toBe(8_000);
    expect(nextSweepMs(10_000, () => 0.999)).toBeLessThan(12_000);
    expect(nextSweepMs(10_000)).toBeGreaterThanOrEqual(8_000);
  });
});

describe("throttled runs: leading edge, then at most one per window", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a change after a quiet window runs on the next turn, not after the window", () => {
    const run = vi.fn();
    const throttle = new Throttle(150, run);
    throttle.request();
    vi.advanceTimersByTime(0);
    expect(run).toHaveBeenCalledOnce();
  });

  it("changes during a window ride along in one run at its end", () => {
    const run = vi.fn();
    const throttle = new Throttle(150, run);
    throttle.request();
    vi.advanceTimersByTime(0);
    for (let i = 0; i < 10; i++) {
      throttle.request();
      vi.advanceTimersByTime(10);
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(150);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("the window can follow the room: a function is asked at each request", () => {
    let window = 16;
    const run = vi.fn();
    const throttle = new Throttle(() => window, run);
    throttle.request();
    vi.advanceTimersByTime(0);
    window = 150;
    throttle.request();
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
