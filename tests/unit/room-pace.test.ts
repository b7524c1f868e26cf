import { describe, expect, it } from "vitest";
import {
  CROWD_TICK_GROWS_ABOVE,
  CROWD_TICK_MIN_MS,
  densityOf,
  MAX_INBOUND_PER_SECOND,
  MAX_OUTBOUND_PER_SECOND,
  RAIL_TICK_MAX_MS,
  RAIL_TICK_MIN_MS,
  relayReportWindowMs,
  RoomModeSwitch,
  sendEveryMs,
  tickMs,
} from "@/party/article/room-pace";

describe("a room's pace follows its size", () => {
  it("a small room's tick is a few milliseconds; a busy one's grows to the bound", () => {
    expect(tickMs(2, "rail")).toBe(RAIL_TICK_MIN_MS);
    expect(tickMs(25, "rail")).toBeLessThan(25);
    expect(tickMs(100, "rail")).toBeGreaterThan(tickMs(25, "rail"));
    expect(tickMs(400, "rail")).toBe(RAIL_TICK_MAX_MS);
    expect(tickMs(10_000, "rail")).toBe(RAIL_TICK_MAX_MS);
  });

  it("a crowd room ticks at its shortest until its fan-out would pass the outbound budget, then slows down with its size", () => {
    expect(tickMs(101, "crowd")).toBe(CROWD_TICK_MIN_MS);
    expect(tickMs(200, "crowd")).toBeLessThanOrEqual(150);
    expect(tickMs(CROWD_TICK_GROWS_ABOVE, "crowd")).toBe(CROWD_TICK_MIN_MS);
    expect(tickMs(3000, "crowd")).toBe(200);
    for (const readers of [101, 200, 750, 751, 1000, 3000, 10_000, 100_000]) {
      const framesPerSecond = (readers * 1000) / tickMs(readers, "crowd");
      expect(framesPerSecond).toBeLessThanOrEqual(MAX_OUTBOUND_PER_SECOND);
      expect(tickMs(readers + 1, "crowd")).toBeGreaterThanOrEqual(tickMs(readers, "crowd"));
    }
  });

  it("readers are asked to send progress less often as the room grows, so the room takes at most its inbound budget", () => {
    expect(sendEveryMs(1)).toBe(250);
    for (const sockets of [10, 125, 126, 1000, 5000, 10_000]) {
      const perSecond = (sockets * 1000) / sendEveryMs(sockets);
      expect(perSecond).toBeLessThanOrEqual(MAX_INBOUND_PER_SECOND);
    }
    expect(sendEveryMs(1000)).toBe(2000);
  });

  it("a room with relays shares its own object's budget: its readers send less often, and its relays report less often as they grow in number", () => {
    expect(relayReportWindowMs(1)).toBe(100);
    for (const relays of [1, 5, 25, 49, 63]) {
      for (const sockets of [12, 500, 2000, 5000]) {
        const readersIn = (sockets * 1000) / sendEveryMs(sockets, { relays });
        const reportsIn = (relays * 1000) / relayReportWindowMs(relays);
        expect(readersIn + reportsIn).toBeLessThanOrEqual(MAX_INBOUND_PER_SECOND);
      }
    }
    expect(sendEveryMs(2000, { relays: 1 })).toBeGreaterThan(sendEveryMs(2000));
  });

  it("switches to the crowd view above the threshold and back only below 80 % of it", () => {
    const mode = new RoomModeSwitch(100);
    expect(mode.update(100)).toBe(false);
    expect(mode.update(101)).toBe(true);
    expect(mode.mode).toBe("crowd");
    for (const readers of [100, 90, 80]) expect(mode.update(readers)).toBe(false);
    expect(mode.update(79)).toBe(true);
    expect(mode.mode).toBe("rail");
  });

  it("counts every reader in exactly one slice of the post, the end included", () => {
    const density = densityOf([0, 0.04, 0.05, 0.5, 0.999, 1], 20);
    expect(density).toHaveLength(20);
    expect(density.reduce((sum, slice) => sum + slice, 0)).toBe(6);
    expect(density[0]).toBe(2);
    expect(density[1]).toBe(1);
    expect(density[10]).toBe(1);
    expect(density[19]).toBe(2);
  });
});
