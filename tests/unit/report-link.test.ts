import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReportLink } from "@/party/core/report-link";
import { REPORT_HEARTBEAT_MS, SHARD_REPORT_WINDOW_MS } from "@/party/core/timing";

describe("ReportLink: when a shard or room reports to the lobby", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reports a lone change at once, and changes right after it together at the end of the window", async () => {
    const report = vi.fn(async () => true);
    const link = new ReportLink(SHARD_REPORT_WINDOW_MS, report);
    link.soon();
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) link.soon();
    await vi.advanceTimersByTimeAsync(0);
    expect(report).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(SHARD_REPORT_WINDOW_MS);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it("runs one report at a time; callers meanwhile share the next, and a failure stops nothing", async () => {
    let finishFirst = () => {};
    const report = vi
      .fn<() => Promise<boolean>>()
      .mockImplementationOnce(() => new Promise((_, reject) => (finishFirst = () => reject(new Error("lobby down")))))
      .mockResolvedValue(true);
    const link = new ReportLink(SHARD_REPORT_WINDOW_MS, report);
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

  it("counts a report as made only when the lobby got it, and reminds the lobby before it would forget the sender", async () => {
    vi.setSystemTime(100_000);
    const report = vi.fn<() => Promise<boolean>>().mockResolvedValueOnce(false).mockResolvedValue(true);
    const link = new ReportLink(SHARD_REPORT_WINDOW_MS, report);
    await link.now();
    expect(link.lastReportAt).toBe(0);
    expect(link.reminderDue(Date.now(), 10_000)).toBe(true);
    await link.now();
    expect(link.lastReportAt).toBe(100_000);
    expect(link.reminderDue(100_000 + REPORT_HEARTBEAT_MS - 10_001, 10_000)).toBe(false);
    expect(link.reminderDue(100_000 + REPORT_HEARTBEAT_MS - 10_000, 10_000)).toBe(true);
  });
});
