import { describe, expect, it } from "vitest";
import { anonymousIdentity, readerIdentity } from "@/party/reader-identity";

describe("anonymousIdentity", () => {
  it("gives the same session the same label, colour and public id every time", async () => {
    const first = await anonymousIdentity("session-aaaaaaaaaaaaaaaa");
    const again = await anonymousIdentity("session-aaaaaaaaaaaaaaaa");
    expect(again).toEqual(first);
    expect(first.label).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  it("never reveals the session id in what other readers see", async () => {
    const identity = await anonymousIdentity("session-secret-123456789");
    expect(identity.id).not.toContain("secret");
    expect(identity.label).not.toContain("secret");
  });

  it("tells different sessions apart", async () => {
    const a = await anonymousIdentity("session-aaaaaaaaaaaaaaaa");
    const b = await anonymousIdentity("session-bbbbbbbbbbbbbbbb");
    expect(a.id).not.toBe(b.id);
    expect(a.key).not.toBe(b.key);
  });
});

describe("readerIdentity", () => {
  const sessionId = "session-aaaaaaaaaaaaaaaa";
  const secret = "the-presence-secret-0123456789abcdef";

  it("names visible signed-in people, one key across their devices", async () => {
    const laptop = await readerIdentity({ sessionId, user: { id: "ada", name: "Ada", image: null, visible: true } }, secret);
    const phone = await readerIdentity({
      sessionId: "session-bbbbbbbbbbbbbbbb",
      user: { id: "ada", name: "Ada", image: null, visible: true },
    }, secret);
    expect(laptop.label).toBe("Ada");
    expect(phone.key).toBe(laptop.key);
    expect(phone.id).toBe(laptop.id);
  });

  it("never names people who hid themselves, nor links them to their signed-out visits", async () => {
    const hidden = await readerIdentity({ sessionId, user: { id: "ada", name: "Ada", image: "https://x.test/a.png", visible: false } }, secret);
    const onPhone = await readerIdentity(
      { sessionId: "session-bbbbbbbbbbbbbbbb", user: { id: "ada", name: "Ada", image: null, visible: false } },
      secret,
    );
    const signedOut = await anonymousIdentity(sessionId);
    expect(hidden.image).toBeNull();
    expect(JSON.stringify(hidden)).not.toContain("Ada");
    // One anonymous reader across devices, but not the browser's signed-out identity...
    expect(onPhone.id).toBe(hidden.id);
    expect(hidden.id).not.toBe(signedOut.id);
    // ...and not one anyone can compute from the user id without the secret.
    const withOtherSecret = await readerIdentity({ sessionId, user: { id: "ada", name: "Ada", image: null, visible: false } }, "another-secret");
    expect(withOtherSecret.id).not.toBe(hidden.id);
  });
});
