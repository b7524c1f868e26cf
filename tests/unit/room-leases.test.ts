import { describe, expect, it } from "vitest";
import { RoomLeases } from "@/party/site/room-leases";

describe("RoomLeases: posts open at once per browser session", () => {
  it("lets a session into as many rooms as allowed, with any number of tabs each, and refuses one more", () => {
    const leases = new RoomLeases(2);
    expect(leases.open("s", "post-a", "tab-1")).toBe(true);
    expect(leases.open("s", "post-a", "tab-2")).toBe(true);
    expect(leases.open("s", "post-b", "tab-3")).toBe(true);
    expect(leases.open("s", "post-c", "tab-4")).toBe(false);
    // Other sessions have their own allowance.
    expect(leases.open("t", "post-c", "tab-5")).toBe(true);
  });

  it("frees a room when its last connection closes, and ignores unknown or repeated closes", () => {
    const leases = new RoomLeases(1);
    leases.open("s", "post-a", "tab-1");
    leases.open("s", "post-a", "tab-2");
    leases.close("s", "post-a", "tab-1");
    expect(leases.open("s", "post-b", "tab-3")).toBe(false);
    leases.close("s", "post-a", "tab-2");
    leases.close("s", "post-a", "tab-2");
    leases.close("s", "post-z", "nobody");
    expect(leases.open("s", "post-b", "tab-3")).toBe(true);
  });
});
