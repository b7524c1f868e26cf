import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LobbyLink } from "@/party/lobby-link";
import { SHARD_REPORT_DELAY_MS } from "@/party/timing";

describe("LobbyLink: when a shard reports to the lobby", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reports a lone change at once, and changes right after it together at the end of the window", async () => {
    const report = vi.fn(async () => {});
    const link = new LobbyLink(report);
    link.soon();
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) link.soon();
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(SHARD_REPORT_DELAY_MS);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it("runs one report at a time; callers meanwhile share the next, and a failure stops nothing", async () => {
    let finishFirst = () => {};
    const report = vi
      .fn<() => Promise<void>>()
      .mockImplementationOnce(() => new Promise((_, reject) => (finishFirst = () => reject(new Error("lobby down")))))
      .mockResolvedValue(undefined);
    const link = new LobbyLink(report);
    const first = link.now();
    await vi.advanceTimersByTimeAsync(0);
    const second = link.now();
    const third = link.now();
    expect(second).toBe(third);
    expect(report).toHaveBeenCalledTimes(1);
    finishFirst();
    await expect(first).rejects.toThrow("lobby down");
    await second;
    expect(report).toHaveBeenCalledTimes(2);
    expect(link.behind).toBe(false);
  });
});
