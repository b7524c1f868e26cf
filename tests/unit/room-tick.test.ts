import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Coalescer } from "@/party/coalescer";
import { ROOM_TICK_MS } from "@/party/timing";
import { type GroupsDiff, PresenceGroups } from "@/party/presence-groups";

/** A room wired the way the Article server wires it: changes schedule a tick; a tick broadcasts one diff. */
function tickingRoom(readerCount: number) {
  const room = new PresenceGroups<number>();
  const broadcasts: GroupsDiff<number>[] = [];
  const tick = new Coalescer(ROOM_TICK_MS, () => {
    const diff = room.takeDiff();
    if (diff) broadcasts.push(diff);
  });
  for (let i = 0; i < readerCount; i++) {
    room.join(`c${i}`, { key: `sid:${i}`, id: `r${i}`, label: `Reader ${i}`, color: "blue", image: null }, 0);
  }
  room.takeDiff();
  const update = (connection: string, progress: number) => {
    room.update(connection, progress, Date.now());
    tick.schedule();
  };
  return { room, broadcasts, update };
}

describe("room ticks", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends nothing until the tick, then one diff for all of a tick's updates", () => {
    const { broadcasts, update } = tickingRoom(50);
    for (let step = 1; step <= 10; step++) {
      for (let i = 0; i < 50; i++) update(`c${i}`, step / 100);
      vi.advanceTimersByTime(10);
    }
    expect(broadcasts).toHaveLength(0);
    vi.advanceTimersByTime(ROOM_TICK_MS);
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0]?.moved).toHaveLength(50);
    expect(broadcasts[0]?.moved.every(([, value]) => value === 0.1)).toBe(true);
  });

  it("costs one broadcast per tick however fast 50 readers scroll: O(N) messages per tick", () => {
    const readers = 50;
    const { broadcasts, update } = tickingRoom(readers);
    const seconds = 3;
    let updates = 0;
    // Every reader updates every 5 ms: 200 updates a second each, far above the client's limit.
    for (let ms = 0; ms < seconds * 1000; ms += 5) {
      for (let i = 0; i < readers; i++, updates++) update(`c${i}`, ((ms / 5) % 100) / 100);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(ROOM_TICK_MS);
    const ticks = Math.ceil((seconds * 1000) / ROOM_TICK_MS);
    expect(broadcasts.length).toBeLessThanOrEqual(ticks + 1);
    // A broadcast is one frame per connection: `readers` frames per tick.
    const framesSent = broadcasts.length * readers;
    const framesIfRelayedOnArrival = updates * (readers - 1);
    expect(framesSent).toBeLessThanOrEqual((ticks + 1) * readers);
    expect(framesSent * 1000).toBeLessThan(framesIfRelayedOnArrival);
  });

  it("stays quiet when nothing changed", () => {
    const { broadcasts } = tickingRoom(5);
    vi.advanceTimersByTime(ROOM_TICK_MS * 10);
    expect(broadcasts).toHaveLength(0);
  });
});
