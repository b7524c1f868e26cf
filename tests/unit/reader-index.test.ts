import { describe, expect, it } from "vitest";
import { ReaderIndex, sessionKey, userKey } from "@/party/site/reader-index";

const anon = (sessionId: string) => ({ sessionId, userId: null });
const signedIn = (sessionId: string, userId: string) => ({ sessionId, userId });

describe("ReaderIndex: readers, not sockets", () => {
  it("counts two browsers as two readers, and a second tab as nothing new", () => {
    const index = new ReaderIndex();
    expect(index.add("a1", anon("A"))).toBe(true);
    expect(index.add("b1", anon("B"))).toBe(true);
    expect(index.add("a2", anon("A"))).toBe(false);
    expect(index.count).toBe(2);
  });

  it("keeps a reader while any tab is open, and drops them with the last", () => {
    const index = new ReaderIndex();
    index.add("a1", anon("A"));
    index.add("a2", anon("A"));
    expect(index.remove("a1")).toBe(false);
    expect(index.remove("a2")).toBe(true);
    expect(index.count).toBe(0);
  });

  it("never goes negative: unknown and repeated removals are ignored", () => {
    const index = new ReaderIndex();
    expect(index.remove("ghost")).toBe(false);
    index.add("a1", anon("A"));
    index.remove("a1");
    index.remove("a1");
    expect(index.count).toBe(0);
  });

  it("counts one signed-in person on two devices once", () => {
    const index = new ReaderIndex();
    index.add("laptop", signedIn("A", "ada"));
    expect(index.add("phone", signedIn("B", "ada"))).toBe(false);
    expect(index.count).toBe(1);
    expect(index.has(userKey("ada"))).toBe(true);
  });

  it("upgrades a browser in place: tabs still anonymous during sign-in don't count twice", () => {
    const index = new ReaderIndex();
    index.add("tab1", anon("A"));
    index.add("tab2", anon("A"));
    // tab1 reconnects signed in; tab2 has not yet.
    index.remove("tab1");
    expect(index.add("tab1", signedIn("A", "ada"))).toBe(false);
    expect(index.count).toBe(1);
    expect(index.keyOf("tab2")).toBe(userKey("ada"));
    // tab2 follows.
    index.remove("tab2");
    index.add("tab2", signedIn("A", "ada"));
    expect(index.count).toBe(1);
  });

  it("re-adding a live connection with a new owner moves it without blinking", () => {
    const index = new ReaderIndex();
    index.add("tab1", anon("A"));
    expect(index.add("tab1", signedIn("A", "ada"))).toBe(false);
    expect(index.keyOf("tab1")).toBe(userKey("ada"));
    expect(index.count).toBe(1);
  });

  it("hands anonymous tabs back to the browser session when the person signs out", () => {
    const index = new ReaderIndex();
    index.add("tab1", signedIn("A", "ada"));
    index.add("tab2", anon("A"));
    expect(index.count).toBe(1);
    index.remove("tab1");
    expect(index.keyOf("tab2")).toBe(sessionKey("A"));
    expect(index.count).toBe(1);
  });

  it("a browser's new session after signing in is the same reader as its old one, until the old one's tabs are gone", () => {
    const index = new ReaderIndex();
    index.add("old-tab-1", anon("A"));
    index.add("old-tab-2", anon("A"));
    // Tab 1 signs in: a new session B that continues A. Nothing doubles, at no step.
    expect(index.add("new-tab-1", { sessionId: "B", userId: "ada", continues: "A" })).toBe(false);
    expect(index.keyOf("old-tab-2")).toBe(userKey("ada"));
    expect(index.remove("old-tab-1")).toBe(false);
    expect(index.add("new-tab-2", { sessionId: "B", userId: "ada", continues: "A" })).toBe(false);
    expect(index.remove("old-tab-2")).toBe(false);
    expect(index.count).toBe(1);
    expect(index.tally()).toEqual({ sessions: 0, userIds: ["ada"] });
  });

  it("and after signing out: the new anonymous session counts as the person until their last socket goes, then as itself", () => {
    const index = new ReaderIndex();
    index.add("signed-in", signedIn("B", "ada"));
    expect(index.add("signed-out", { sessionId: "C", userId: null, continues: "B" })).toBe(false);
    expect(index.keyOf("signed-out")).toBe(userKey("ada"));
    expect(index.remove("signed-in")).toBe(false);
    expect(index.keyOf("signed-out")).toBe(sessionKey("C"));
    expect(index.tally()).toEqual({ sessions: 1, userIds: [] });
  });

  it("a continuation names nobody: continuing a session that has no sockets is just a new browser", () => {
    const index = new ReaderIndex();
    index.add("other", anon("X"));
    expect(index.add("late", { sessionId: "C", userId: null, continues: "gone" })).toBe(true);
    expect(index.keyOf("late")).toBe(sessionKey("C"));
    expect(index.count).toBe(2);
  });
});
