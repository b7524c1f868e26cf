import { describe, expect, it } from "vitest";
import { RoomLeases } from "@/party/site/room-leases";

describe("RoomLeases: posts open at once per browser session", () => {
  it("lets a session into as many rooms as allowed, with any number of tabs each, and refuses one more", () => {
    const leases = new RoomLeases(2);
    expect(leases.open("s", "post-a", "tab-1")).toBe("granted");
    expect(leases.open("s", "post-a", "tab-2")).toBe("granted");
    expect(leases.open("s", "post-b", "tab-3")).toBe("granted");
    expect(leases.open("s", "post-c", "tab-4")).toBe("too-many-rooms");
    // Other sessions have their own allowance.
    expect(leases.open("t", "post-c", "tab-5")).toBe("granted");
  });

  it("frees a room when its last connection closes, and ignores unknown or repeated closes", () => {
    const leases = new RoomLeases(1);
    leases.open("s", "post-a", "tab-1");
    leases.open("s", "post-a", "tab-2");
    leases.close("s", "post-a", "tab-1");
    expect(leases.open("s", "post-b", "tab-3")).toBe("too-many-rooms");
    leases.close("s", "post-a", "tab-2");
    leases.close("s", "post-a", "tab-2");
    leases.close("s", "post-z", "nobody");
    expect(leases.open("s", "post-b", "tab-3")).toBe("granted");
  });

  it("holds one session to so many sockets in one post, wherever they sit (a crowded room's relays are one post)", () => {
    const leases = new RoomLeases(10, 3);
    for (const tab of ["tab-1", "tab-2", "tab-3"]) expect(leases.open("s", "post-a", tab)).toBe("granted");
    expect(leases.open("s", "post-a", "tab-4")).toBe("too-many-sockets");
    // The same socket asking again is no extra socket; a closed one gives its place back.
    expect(leases.open("s", "post-a", "tab-3")).toBe("granted");
    leases.close("s", "post-a", "tab-1");
    expect(leases.open("s", "post-a", "tab-4")).toBe("granted");
    expect(leases.open("s", "post-b", "tab-5")).toBe("granted");
  });
});
