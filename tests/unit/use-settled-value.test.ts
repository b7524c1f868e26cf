import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_WAIT_MS, MIN_GAP_MS, SETTLE_MS, ValueSettler } from "@/hooks/use-settled-value";

/** A settler on fake time, and what it passed on, with when. */
function settlerFrom(initial: number) {
  const passed: { value: number; at: number }[] = [];
  const settler = new ValueSettler(initial, (value) => passed.push({ value, at: Date.now() }));
  return { settler, passed, values: () => passed.map(({ value }) => value) };
}

describe("ValueSettler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it("passes a change on once it has held still for SETTLE_MS, not before", () => {
    const { settler, values } = settlerFrom(3);
    settler.update(4);
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(values()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(values()).toEqual([4]);
  });

  it("does not pass on the same value again", () => {
    const { settler, values } = settlerFrom(3);
    settler.update(3);
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(values()).toEqual([]);
  });

  it("passes on only the last value of a burst", () => {
    const { settler, values } = settlerFrom(3);
    for (const value of [4, 5, 6, 7, 8]) {
      settler.update(value);
      vi.advanceTimersByTime(200);
    }
    vi.advanceTimersByTime(SETTLE_MS);
    expect(values()).toEqual([8]);
  });

  it("passes nothing on for a blink that comes back before settling", () => {
    const { settler, values } = settlerFrom(3);
    settler.update(4);
    vi.advanceTimersByTime(SETTLE_MS / 2);
    settler.update(3);
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(values()).toEqual([]);
  });

  it("leaves at least MIN_GAP_MS between two values passed on", () => {
    const { settler, passed } = settlerFrom(3);
    settler.update(4);
    vi.advanceTimersByTime(SETTLE_MS);
    settler.update(5);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(passed.map(({ value }) => value)).toEqual([4]);
    vi.advanceTimersByTime(MIN_GAP_MS);
    expect(passed).toEqual([
      { value: 4, at: SETTLE_MS },
      { value: 5, at: SETTLE_MS + MIN_GAP_MS },
    ]);
  });

  it("still passes on a value that never holds still, within MAX_WAIT_MS and never more often than MIN_GAP_MS", () => {
    const { settler, passed } = settlerFrom(0);
    const minute = 60_000;
    for (let t = 0, value = 1; t < minute; t += 500, value++) {
      settler.update(value);
      vi.advanceTimersByTime(500);
    }
    expect(passed.length).toBeGreaterThanOrEqual(minute / MAX_WAIT_MS - 1);
    expect(passed[0]!.at).toBeLessThanOrEqual(MAX_WAIT_MS);
    passed.slice(1).forEach(({ at }, index) => expect(at - passed[index]!.at).toBeGreaterThanOrEqual(MIN_GAP_MS));
  });

  it("passes nothing on after dispose", () => {
    const { settler, values } = settlerFrom(3);
    settler.update(4);
    settler.dispose();
    vi.advanceTimersByTime(MAX_WAIT_MS);
    expect(values()).toEqual([]);
  });
});
