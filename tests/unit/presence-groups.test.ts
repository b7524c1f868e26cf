import { describe, expect, it } from "vitest";
import { type GroupIdentity, PresenceGroups } from "@/party/presence-groups";

const reader = (name: string): GroupIdentity => ({ key: `sid:${name}`, id: `id-${name}`, label: name, color: "red", image: null });
const progressOf = (groups: PresenceGroups<number>) =>
  Object.fromEntries(groups.snapshot().map((entry) => [entry.identity.id, entry.value]));

describe("PresenceGroups (an article room's readers)", () => {
  it("gives a joining reader one snapshot with everyone in the room", () => {
    const room = new PresenceGroups<number>();
    room.join("a1", reader("a"), 0);
    room.join("b1", reader("b"), 0.5);
    expect(progressOf(room)).toEqual({ "id-a": 0, "id-b": 0.5 });
    expect(room.count).toBe(2);
  });

  it("counts two tabs of one reader once, and the marker follows the tab that moved last", () => {
    const room = new PresenceGroups<number>();
    expect(room.join("a1", reader("a"), 0)).toBe(true);
    expect(room.join("a2", reader("a"), 0)).toBe(false);
    room.update("a1", 0.2, 1000);
    room.update("a2", 0.7, 2000);
    expect(progressOf(room)).toEqual({ "id-a": 0.7 });
    room.update("a1", 0.3, 3000);
    expect(progressOf(room)).toEqual({ "id-a": 0.3 });
    expect(room.count).toBe(1);
  });

  it("gathers many updates into one diff per tick with the latest value per reader", () => {
    const room = new PresenceGroups<number>();
    room.join("a1", reader("a"), 0);
    room.join("b1", reader("b"), 0);
    room.takeDiff();
    for (let i = 1; i <= 20; i++) {
      room.update("a1", i / 100, i);
      room.update("b1", i / 50, i);
    }
    const diff = room.takeDiff();
    // Only their places changed: sent as id and value, not as whole entries.
    expect(diff?.upserts).toEqual([]);
    expect(diff?.moved).toEqual([
      ["id-a", 0.2],
      ["id-b", 0.4],
    ]);
    expect(diff?.removed).toEqual([]);
    expect(room.takeDiff()).toBeNull();
  });

  it("resends a whole entry when more than the value changed: a new reader, activity, a tab leaving", () => {
    const room = new PresenceGroups<number>();
    room.join("a1", reader("a"), 0);
    room.join("a2", reader("a"), 0);
    room.join("b1", reader("b"), 0);
    room.takeDiff();
    room.update("a1", 0.5, 1);
    room.leave("a2");
    room.setActive("b1", false);
    room.join("c1", reader("c"), 0.1);
    const diff = room.takeDiff();
    expect(diff?.moved).toEqual([]);
    expect(diff?.upserts.map((entry) => [entry.identity.id, entry.value, entry.active])).toEqual([
      ["id-a", 0.5, true],
      ["id-b", 0, false],
      ["id-c", 0.1, true],
    ]);
  });

  it("shows a reader as their newest connection says: hiding renames them in place, keeping their marker", () => {
    const room = new PresenceGroups<number>();
    const named: GroupIdentity = { key: "user:u1", id: "u-public", label: "Hana", color: "red", image: "avatar.png" };
    const hidden: GroupIdentity = { key: "user:u1", id: "anon-public", label: "Quiet Otter", color: "blue", image: null };
    room.join("laptop", named, 0.4);
    room.join("phone", named, 0.4);
    room.takeDiff();

    // The laptop reconnects hidden before its old socket closes (make-before-break).
    expect(room.join("laptop-2", hidden, 0.4)).toBe(false);
    room.leave("laptop");
    expect(room.count).toBe(1);
    expect(room.snapshot().map((entry) => entry.identity.label)).toEqual(["Quiet Otter"]);
    const diff = room.takeDiff();
    expect(diff?.removed).toEqual(["u-public"]);
    expect(diff?.upserts.map((entry) => [entry.identity.id, entry.value])).toEqual([["anon-public", 0.4]]);
  });

  it("a reader is active while any of their tabs is, idle once all are, and the change is one diff", () => {
    const room = new PresenceGroups<number>();
    room.join("a1", reader("a"), 0.2);
    room.join("a2", reader("a"), 0.2);
    room.takeDiff();
    expect(room.setActive("a1", false)).toBe(true);
    expect(room.snapshot()[0]?.active).toBe(true);
    room.setActive("a2", false);
    expect(room.snapshot()[0]?.active).toBe(false);
    expect(room.takeDiff()?.upserts.map((entry) => [entry.identity.id, entry.active])).toEqual([["id-a", false]]);
    expect(room.setActive("a2", false)).toBe(false);
    expect(room.takeDiff()).toBeNull();
    room.setActive("a1", true);
    expect(room.takeDiff()?.upserts[0]?.active).toBe(true);
  });

  it("reports a reader as removed only when their last tab leaves", () => {
    const room = new PresenceGroups<number>();
    room.join("a1", reader("a"), 0);
    room.join("a2", reader("a"), 0);
    room.takeDiff();
    expect(room.leave("a1")).toBe(false);
    expect(room.takeDiff()?.removed).toEqual([]);
    expect(room.leave("a2")).toBe(true);
    expect(room.takeDiff()).toEqual({ upserts: [], moved: [], removed: ["id-a"] });
    expect(room.count).toBe(0);
  });

  it("a reader who leaves and comes back within a tick is an upsert, not a removal", () => {
    const room = new PresenceGroups<number>();
    room.join("a1", reader("a"), 0.4);
    room.takeDiff();
    room.leave("a1");
    room.join("a3", reader("a"), 0.4);
    const diff = room.takeDiff();
    expect(diff?.removed).toEqual([]);
    expect(diff?.upserts.map((entry) => [entry.identity.id, entry.value])).toEqual([["id-a", 0.4]]);
  });

  it("ignores updates from unknown connections and leaving twice", () => {
    const room = new PresenceGroups<number>();
    expect(room.update("nobody", 0.5, 1)).toBe(false);
    room.join("a1", reader("a"), 0);
    room.leave("a1");
    expect(room.leave("a1")).toBe(false);
    expect(room.count).toBe(0);
  });
});
