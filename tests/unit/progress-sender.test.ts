import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MIN_SEND_INTERVAL_MS, ProgressSender, scrollProgress } from "@/hooks/progress-sender";

describe("scrollProgress", () => {
  it("is 0 at the top of the post, 1 at its end, and clamped outside", () => {
    expect(scrollProgress({ top: 0, height: 3000 }, 1000)).toBe(0);
    expect(scrollProgress({ top: -1000, height: 3000 }, 1000)).toBe(0.5);
    expect(scrollProgress({ top: -2000, height: 3000 }, 1000)).toBe(1);
    expect(scrollProgress({ top: 400, height: 3000 }, 1000)).toBe(0);
    expect(scrollProgress({ top: -5000, height: 3000 }, 1000)).toBe(1);
  });
});

describe("ProgressSender", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends the first value at once", () => {
    const sent: number[] = [];
    new ProgressSender((p) => sent.push(p)).update(0.3);
    expect(sent).toEqual([0.3]);
  });

  it("skips changes smaller than 1% of the post", () => {
    const sent: number[] = [];
    const sender = new ProgressSender((p) => sent.push(p));
    sender.update(0.3);
    vi.advanceTimersByTime(1000);
    sender.update(0.305);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([0.3]);
  });

  it("sends at most 4 times a second while scrolling, ending on the last position", () => {
    const sent: number[] = [];
    const sender = new ProgressSender((p) => sent.push(p));
    for (let i = 1; i <= 100; i++) {
      sender.update(i / 100);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(MIN_SEND_INTERVAL_MS);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent.at(-1)).toBe(1);
  });

  it("sends again after a reset (a reconnect), even without movement", () => {
    const sent: number[] = [];
    const sender = new ProgressSender((p) => sent.push(p));
    sender.update(0.5);
    sender.reset();
    sender.update(0.5);
    expect(sent).toEqual([0.5, 0.5]);
  });
});
