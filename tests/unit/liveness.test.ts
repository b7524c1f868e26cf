import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Departures, findGhosts } from "@/party/departures";
import { ReaderIndex } from "@/party/reader-index";
import { GHOST_AFTER_IDLE_MS, GHOST_AFTER_MS } from "@/party/timing";

const GRACE_MS = 3000;

/** A site's counting, with departures waiting out the grace window as the worker does. */
function site() {
  const readers = new ReaderIndex();
  const departures = new Departures(GRACE_MS);
  const counts: number[] = [];
  const record = (changed: boolean) => {
    if (changed) counts.push(readers.count);
  };
  return {
    counts,
    get online() {
      return readers.count;
    },
    join: (id: string, sessionId: string) => record(readers.add(id, { sessionId, userId: null })),
    close: (id: string, code: number) => departures.schedule(id, code, () => record(readers.remove(id))),
  };
}

describe("departures and the grace window", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a goodbye (navigated away, socket replaced) leaves at once", () => {
    const s = site();
    s.join("c1", "session-a");
    s.close("c1", 1000);
    expect(s.online).toBe(0);
  });

  it("a reload within the grace window changes no count and emits no offline/online pair", () => {
    const s = site();
    s.join("c1", "session-a");
    s.join("c2", "session-b");
    s.close("c1", 1001);
    vi.advanceTimersByTime(800);
    s.join("c3", "session-a");
    vi.advanceTimersByTime(GRACE_MS);
    expect(s.online).toBe(2);
    expect(s.counts).toEqual([1, 2]);
  });

  it("a network blip shorter than the window is invisible; a tab closed for good goes right after it", () => {
    const s = site();
    s.join("c1", "session-a");
    s.close("c1", 1006);
    vi.advanceTimersByTime(GRACE_MS - 1);
    expect(s.online).toBe(1);
    vi.advanceTimersByTime(1);
    expect(s.online).toBe(0);
    expect(s.counts).toEqual([1, 0]);
  });

  it("a departure cancelled (the ghost sweep already removed it) never runs twice", () => {
    const departures = new Departures(GRACE_MS);
    const leave = vi.fn();
    departures.schedule("c1", 1006, leave);
    departures.cancel("c1");
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(leave).not.toHaveBeenCalled();
  });

  it("a connection the ghost sweep removed: its pending departure is dropped and its late close is no news", () => {
    const departures = new Departures(GRACE_MS);
    const leave = vi.fn();
    departures.schedule("c1", 1006, leave);
    departures.sweep("c1");
    vi.advanceTimersByTime(GRACE_MS * 2);
    expect(leave).not.toHaveBeenCalled();
    expect(departures.wasSwept("c1")).toBe(true);
    expect(departures.wasSwept("c1")).toBe(false);
  });
});

describe("ghost detection", () => {
  const now = 1_000_000;
  const connection = (id: string, connectedAt: number, active = true) => ({ id, state: { connectedAt, active } });

  it("finds connections silent for longer than the bound, by their last heartbeat or else their connect time", () => {
    const connections = [
      connection("pinged-recently", now - 60_000),
      connection("pinged-long-ago", now - 60_000),
      connection("new-not-pinged-yet", now - 2_000),
      connection("never-pinged", now - GHOST_AFTER_MS - 1),
    ];
    const pings: Record<string, number> = { "pinged-recently": now - 4_000, "pinged-long-ago": now - GHOST_AFTER_MS - 1 };
    const ghosts = findGhosts(connections, (c) => pings[c.id] ?? null, now);
    expect(ghosts.map((c) => c.id)).toEqual(["pinged-long-ago", "never-pinged"]);
  });

  it("gives hidden tabs, whose timers browsers throttle to once a minute, a longer bound", () => {
    const hidden = [connection("hidden-throttled", now - 600_000, false), connection("hidden-gone", now - 600_000, false)];
    const pings: Record<string, number> = { "hidden-throttled": now - 61_000, "hidden-gone": now - GHOST_AFTER_IDLE_MS - 1 };
    expect(findGhosts(hidden, (c) => pings[c.id] ?? null, now).map((c) => c.id)).toEqual(["hidden-gone"]);
  });
});
