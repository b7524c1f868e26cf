// The tab's heartbeat clock: every socket's heartbeat comes from one clock per interval
// (Node has no Worker, so this is the plain-timer clock; the worker clock shares the same
// bookkeeping, and the e2e hidden-tab tests run it in Chromium).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startTicker } from "../../hooks/heartbeat-ticker";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("startTicker", () => {
  it("two sockets share one clock and each hears every beat", () => {
    const started = vi.spyOn(globalThis, "setInterval");
    const site: number[] = [];
    const room: number[] = [];
    const stopSite = startTicker(() => site.push(Date.now()), 5000);
    const stopRoom = startTicker(() => room.push(Date.now()), 5000);
    expect(started).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(15_000);
    expect(site).toHaveLength(3);
    expect(room).toEqual(site);
    stopSite();
    stopRoom();
    started.mockRestore();
  });

  it("one socket stopping leaves the other's beat; the clock stops with the last, and a new socket starts a new one", () => {
    const stopped = vi.spyOn(globalThis, "clearInterval");
    const site: number[] = [];
    const room: number[] = [];
    const stopSite = startTicker(() => site.push(1), 5000);
    const stopRoom = startTicker(() => room.push(1), 5000);
    stopRoom();
    stopRoom();
    expect(stopped).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect([site.length, room.length]).toEqual([2, 0]);
    stopSite();
    expect(stopped).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(site).toHaveLength(2);

    const again: number[] = [];
    const stopAgain = startTicker(() => again.push(1), 5000);
    vi.advanceTimersByTime(5000);
    expect(again).toHaveLength(1);
    stopAgain();
    stopped.mockRestore();
  });

  it("a different interval gets a clock of its own", () => {
    const fast: number[] = [];
    const slow: number[] = [];
    const stopFast = startTicker(() => fast.push(1), 1000);
    const stopSlow = startTicker(() => slow.push(1), 5000);
    vi.advanceTimersByTime(5000);
    expect([fast.length, slow.length]).toEqual([5, 1]);
    stopFast();
    stopSlow();
  });
});
