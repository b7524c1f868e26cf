import { beforeEach, describe, expect, it, vi } from "vitest";

// The action's own session check, apart from the proxy in front of /settings (the e2e
// suite can't reach the action past the proxy, so this is where that check is pinned).
const auth = vi.fn();
const setShowOnline = vi.fn();
const notifyPresenceOfPrivacyChange = vi.fn();
vi.mock("@/auth", () => ({ auth }));
vi.mock("@/lib/data/users", () => ({ setShowOnline }));
vi.mock("@/lib/presence/notify", () => ({ notifyPresenceOfPrivacyChange }));

const { setShowOnlineAction } = await import("@/lib/actions/privacy");

describe("setShowOnlineAction", () => {
  beforeEach(() => vi.clearAllMocks());

  it.each([
    ["no session", null],
    ["a session without a user", { user: undefined }],
    ["a user without an id", { user: { name: "Mallory" } }],
  ])("refuses %s and changes nothing", async (_label, session) => {
    auth.mockResolvedValue(session);
    expect(await setShowOnlineAction(false)).toEqual({ error: "Sign in to change this setting." });
    expect(setShowOnline).not.toHaveBeenCalled();
    expect(notifyPresenceOfPrivacyChange).not.toHaveBeenCalled();
  });

  it("refuses anything but on or off, even signed in", async () => {
    auth.mockResolvedValue({ user: { id: "u1" } });
    for (const value of ["false", 0, null, { showOnline: false }]) {
      expect(await setShowOnlineAction(value)).toEqual({ error: "Expected on or off." });
    }
    expect(setShowOnline).not.toHaveBeenCalled();
  });

  it("changes only the signed-in person's setting", async () => {
    auth.mockResolvedValue({ user: { id: "u1" } });
    expect(await setShowOnlineAction(false)).toEqual({ ok: true, showOnline: false });
    expect(setShowOnline).toHaveBeenCalledWith("u1", false);
    expect(notifyPresenceOfPrivacyChange).toHaveBeenCalledWith("u1");
  });
});
