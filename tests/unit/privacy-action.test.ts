import { beforeEach, describe, expect, it, vi } from "vitest";

// The action's own session check, apart from the proxy in front of /settings (the e2e
// suite can't reach the action past the proxy, so this is where that check is pinned), and
// what it tells the person when the presence worker can't be told.
const auth = vi.fn();
const setShowOnline = vi.fn();
const syncPrivacyOf = vi.fn();
vi.mock("@/auth", () => ({ auth }));
vi.mock("@/lib/data/users", () => ({ setShowOnline }));
vi.mock("@/lib/presence/privacy-sync", () => ({ syncPrivacyOf }));

const { retryPrivacySyncAction, setShowOnlineAction } = await import("@/lib/actions/privacy");

describe("setShowOnlineAction", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    setShowOnline.mockResolvedValue({ epoch: 1 });
    syncPrivacyOf.mockResolvedValue(true);
  });

  it.each([
    ["no session", null],
    ["a session without a user", { user: undefined }],
    ["a user without an id", { user: { name: "Mallory" } }],
  ])("refuses %s and changes nothing", async (_label, session) => {
    auth.mockResolvedValue(session);
    expect(await setShowOnlineAction(false)).toEqual({ error: "Sign in to change this setting." });
    expect(await retryPrivacySyncAction()).toEqual({ error: "Sign in to change this setting." });
    expect(setShowOnline).not.toHaveBeenCalled();
    expect(syncPrivacyOf).not.toHaveBeenCalled();
  });

  it("refuses anything but on or off, even signed in", async () => {
    auth.mockResolvedValue({ user: { id: "u1" } });
    for (const value of ["false", 0, null, { showOnline: false }]) {
      expect(await setShowOnlineAction(value)).toEqual({ error: "Expected on or off." });
    }
    expect(setShowOnline).not.toHaveBeenCalled();
  });

  it("changes only the signed-in person's setting, and says it holds everywhere once the worker confirmed", async () => {
    auth.mockResolvedValue({ user: { id: "u1" } });
    expect(await setShowOnlineAction(false)).toEqual({ ok: true, showOnline: false, everywhere: true });
    expect(setShowOnline).toHaveBeenCalledWith("u1", false);
    expect(syncPrivacyOf).toHaveBeenCalledWith("u1");
  });

  it("says so when the worker couldn't be told: the setting is saved, the other devices don't know yet", async () => {
    auth.mockResolvedValue({ user: { id: "u1" } });
    syncPrivacyOf.mockResolvedValue(false);
    expect(await setShowOnlineAction(false)).toEqual({ ok: true, showOnline: false, everywhere: false });
    expect(await retryPrivacySyncAction()).toEqual({ everywhere: false });
    syncPrivacyOf.mockResolvedValue(true);
    expect(await retryPrivacySyncAction()).toEqual({ everywhere: true });
  });
});
