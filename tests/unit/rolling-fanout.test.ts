// The crowd view goes to an object's sockets a slice at a time across the tick, each slice
// with the room as it is when its turn comes: fake timers, counted frames.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FANOUT_SLICE, RollingFanout } from "@/party/article/rolling-fanout";

const ROUND_MS = 300;

function setUp(sockets: number) {
  const ids = new Map(Array.from({ length: sockets }, (_, index) => [`c${index}`, `c${index}`] as const));
  let room = "view-0";
  let composed = 0;
  const sent: { id: string; view: string; at: number }[] = [];
  const fanout = new RollingFanout<string>({
    sockets: () => ids,
    roundMs: () => ROUND_MS,
    send: (id, frameFor) => {
      const view = frameFor(() => {
        composed++;
        return room;
      }, "view");
      sent.push({ id, view, at: Date.now() });
    },
  });
  return { ids, fanout, sent, setRoom: (view: string) => (room = view), composedCount: () => composed };
}

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe("the rolling crowd fan-out", () => {
  it("a quiet room's news goes to the first slice at once, and the round is spread over the tick", () => {
    const sockets = FANOUT_SLICE * 4;
    const { fanout, sent } = setUp(sockets);
    fanout.news();
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(FANOUT_SLICE);
    vi.advanceTimersByTime(ROUND_MS);
    expect(sent).toHaveLength(sockets);
    const times = [...new Set(sent.map(({ at }) => at))];
    expect(times).toEqual([0, ROUND_MS / 4, (2 * ROUND_MS) / 4, (3 * ROUND_MS) / 4]);
  });

  it("each slice gets the room as it is when its turn comes, composed once per slice", () => {
    const { fanout, sent, setRoom, composedCount } = setUp(FANOUT_SLICE * 2);
    fanout.news();
    vi.advanceTimersByTime(0);
    setRoom("view-1");
    vi.advanceTimersByTime(ROUND_MS);
    expect(sent.slice(0, FANOUT_SLICE).every(({ view }) => view === "view-0")).toBe(true);
    expect(sent.slice(FANOUT_SLICE).every(({ view }) => view === "view-1")).toBe(true);
    expect(composedCount()).toBe(2);
  });

  it("a socket gets at most one frame per round, none without news, and the rounds stop when the room is quiet", () => {
    const { fanout, sent } = setUp(FANOUT_SLICE * 2);
    fanout.news();
    vi.advanceTimersByTime(0);
    // More news while the round is under way: the slice already served waits for the next round.
    fanout.news();
    fanout.news();
    vi.advanceTimersByTime(ROUND_MS * 5);
    const perSocket = new Map<string, number[]>();
    for (const { id, at } of sent) perSocket.set(id, [...(perSocket.get(id) ?? []), at]);
    for (const times of perSocket.values()) {
      expect(times.length).toBeLessThanOrEqual(2);
      if (times.length === 2) expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(ROUND_MS);
    }
    const frames = sent.length;
    vi.advanceTimersByTime(ROUND_MS * 10);
    expect(sent).toHaveLength(frames);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a socket that has the room already (its snapshot) is skipped, and one that left is not sent to", () => {
    const { ids, fanout, sent } = setUp(3);
    fanout.news();
    fanout.caughtUp("c0");
    ids.delete("c1");
    fanout.forget("c1");
    vi.advanceTimersByTime(ROUND_MS);
    expect(sent.map(({ id }) => id)).toEqual(["c2"]);
  });

  it("stops at once when the room leaves the crowd view", () => {
    const { fanout, sent } = setUp(FANOUT_SLICE * 3);
    fanout.news();
    vi.advanceTimersByTime(0);
    fanout.stop();
    vi.advanceTimersByTime(ROUND_MS * 3);
    expect(sent).toHaveLength(FANOUT_SLICE);
  });
});
