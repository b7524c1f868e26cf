import { describe, expect, it } from "vitest";
import { GUARD_LIMITS, MessageGuard } from "@/party/core/message-guard";

describe("MessageGuard", () => {
  it("accepts a normal pace of messages", () => {
    const guard = new MessageGuard();
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 4; i++) expect(guard.admit("c1", second * 1000 + i * 250)).toBe("accept");
    }
  });

  it("drops what exceeds the per-second limit, and closes a connection that keeps flooding", () => {
    const guard = new MessageGuard();
    const verdicts = Array.from({ length: 1000 }, () => guard.admit("c1", 0));
    expect(verdicts.filter((v) => v === "accept")).toHaveLength(GUARD_LIMITS.maxMessagesPerWindow);
    expect(verdicts).toContain("drop");
    expect(verdicts.at(-1)).toBe("close");
  });

  it("limits each connection on its own", () => {
    const guard = new MessageGuard();
    for (let i = 0; i < 500; i++) guard.admit("flooder", 0);
    expect(guard.admit("calm", 0)).toBe("accept");
  });

  it("closes after too many invalid messages", () => {
    const guard = new MessageGuard();
    let verdict = "drop";
    for (let i = 0; i <= GUARD_LIMITS.maxRejected; i++) verdict = guard.reject("c1", i * 1000);
    expect(verdict).toBe("close");
  });
});
