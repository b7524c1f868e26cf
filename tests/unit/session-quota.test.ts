import { describe, expect, it } from "vitest";
import { SessionQuota } from "@/party/core/session-quota";

describe("connections per browser session", () => {
  it("lets a session hold up to the cap, refuses the next, and frees a slot when one leaves", () => {
    const quota = new SessionQuota(3);
    expect(["a1", "a2", "a3"].map((id) => quota.take(id, "A"))).toEqual([true, true, true]);
    expect(quota.take("a4", "A")).toBe(false);
    expect(quota.take("b1", "B")).toBe(true);
    quota.release("a1");
    quota.release("a1");
    expect(quota.take("a4", "A")).toBe(true);
    expect(quota.take("a5", "A")).toBe(false);
  });

  it("taking again for a connection that has a slot costs nothing (rebuilt after a wake-up)", () => {
    const quota = new SessionQuota(1);
    expect(quota.take("a1", "A")).toBe(true);
    expect(quota.take("a1", "A")).toBe(true);
    quota.release("unknown");
    expect(quota.take("a2", "A")).toBe(false);
  });
});
