import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/db", () => ({ db: {} }));
const { demoUserId } = await import("@/lib/data/users");

describe("the demo sign-in's accounts", () => {
  it("six spellings of one name are one account", () => {
    const ids = new Set(["Owner Olive", "owner olive", "Owner  Olive", "Owner Olive\u200B", "Owner\u00A0Olive", "\u200FOwner Olive"].map(demoUserId));
    expect([...ids]).toHaveLength(1);
  });

  it("other names are other accounts, names without Latin letters too", () => {
    expect(demoUserId("Owner Oliver")).not.toBe(demoUserId("Owner Olive"));
    expect(demoUserId("山田 太郎")).not.toBe(demoUserId("山田 花子"));
  });
});
