import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTIVITY_CHECK_MS, type ActivitySource, ActivityTracker } from "@/hooks/activity-tracker";
import { IDLE_AFTER_MS } from "@/party/shared/protocol";

/** A tab under the test's control: its visibility, and a way to type or scroll. */
function fakeTab() {
  let visibility: DocumentVisibilityState = "visible";
  const input = new Set<() => void>();
  const visibilityChange = new Set<() => void>();
  const source: ActivitySource = {
    visibility: () => visibility,
    onInput: (listener) => (input.add(listener), () => input.delete(listener)),
    onVisibilityChange: (listener) => (visibilityChange.add(listener), () => visibilityChange.delete(listener)),
  };
  return {
    source,
    type: () => input.forEach((listener) => listener()),
    show: (state: DocumentVisibilityState) => {
      visibility = state;
      visibilityChange.forEach((listener) => listener());
    },
  };
}

describe("active and idle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes idle after a minute without input, and active again at the next key or scroll", () => {
    const tab = fakeTab();
    const changes: boolean[] = [];
    const tracker = new ActivityTracker(tab.source, (active) => changes.push(active));
    expect(tracker.active).toBe(true);
    vi.advanceTimersByTime(IDLE_AFTER_MS - ACTIVITY_CHECK_MS);
    expect(tracker.active).toBe(true);
    vi.advanceTimersByTime(ACTIVITY_CHECK_MS);
    expect(tracker.active).toBe(false);
    tab.type();
    expect(tracker.active).toBe(true);
    expect(changes).toEqual([false, true]);
    tracker.stop();
  });

  it("is idle at once when the tab is hidden, and active when it is shown again after recent input", () => {
    const tab = fakeTab();
    const changes: boolean[] = [];
    const tracker = new ActivityTracker(tab.source, (active) => changes.push(active));
    tab.show("hidden");
    expect(tracker.active).toBe(false);
    tab.type();
    expect(tracker.active).toBe(false);
    tab.show("visible");
    expect(tracker.active).toBe(true);
    expect(changes).toEqual([false, true]);
  });

  it("coming back to a tab hidden for long is activity", () => {
    const tab = fakeTab();
    const tracker = new ActivityTracker(tab.source, () => {});
    tab.show("hidden");
    vi.advanceTimersByTime(IDLE_AFTER_MS * 3);
    tab.show("visible");
    expect(tracker.active).toBe(true);
  });

  it("stops listening and checking when stopped", () => {
    const tab = fakeTab();
    const onChange = vi.fn();
    const tracker = new ActivityTracker(tab.source, onChange);
    tracker.stop();
    vi.advanceTimersByTime(IDLE_AFTER_MS * 2);
    tab.show("hidden");
    expect(onChange).not.toHaveBeenCalled();
  });
});
