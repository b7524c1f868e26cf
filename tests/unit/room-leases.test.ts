import { describe, expect, it } from "vitest";
import { RoomLeases, roomsPerSession } from "@/party/room-leases";

describe("RoomLeases: posts open at once per browser session", () => {
  it("lets a session into as many rooms as allowed, with any number of tabs each, and refuses one more", () => {
    const leases = new RoomLeases(2);
    expect(leases.open("s", "post-a", "tab-1")).toBe(true);
    expect(leases.open("s", "post-a", "tab-2")).toBe(true);
    expect(leases.open("s", "post-b", "tab-3")).toBe(true);
    expect(leases.open("s", "post-c", "tab-4")).toBe(false);
    expect(leases.roomsOf("s")).toBe(2);
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
    expect(leases.roomsOf("s")).toBe(0);
    expect(leases.open("s", "post-b", "tab-3")).toBe(true);
  });

  it("reads ROOMS_PER_SESSION as a whole number from 1 to 1000, else 10", () => {
    expect(roomsPerSession({ ROOMS_PER_SESSION: "3" })).toBe(3);
    for (const bad of [undefined, "0", "-1", "2.5", "1001", "many"]) expect(roomsPerSession({ ROOMS_PER_SESSION: bad })).toBe(10);
  });
});
