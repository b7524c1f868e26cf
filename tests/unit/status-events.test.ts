import { describe, expect, it } from "vitest";
import { StatusTracker } from "@/party/lobby/status-events";

describe("status change events", () => {
  it("turns people diffs into online, idle and offline events, in order, once per change", () => {
    const tracker = new StatusTracker();
    expect(tracker.apply([{ id: "ada", active: true }], [], 1)).toEqual([{ userId: "ada", status: "online", at: 1 }]);
    // Ada moved to another post: still online, no event.
    expect(tracker.apply([{ id: "ada", active: true }], [], 2)).toEqual([]);
    expect(tracker.apply([{ id: "ada", active: false }, { id: "grace", active: true }], [], 3)).toEqual([
      { userId: "ada", status: "idle", at: 3 },
      { userId: "grace", status: "online", at: 3 },
    ]);
    expect(tracker.apply([], ["ada", "nobody"], 4)).toEqual([{ userId: "ada", status: "offline", at: 4 }]);
  });

  it("after a wake-up it adopts who is online without announcing them again", () => {
    const tracker = new StatusTracker();
    tracker.reset([{ id: "ada", active: false }]);
    expect(tracker.apply([{ id: "ada", active: false }], [], 5)).toEqual([]);
    expect(tracker.apply([], ["ada"], 6)).toEqual([{ userId: "ada", status: "offline", at: 6 }]);
  });
});
