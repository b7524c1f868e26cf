// A post's room: who is reading and how far, as every reader sees it, and what an observer who
// logs every frame can learn from it.
import { describe, expect, it } from "vitest";
import { OTHER_POST, POST, summary, tracked } from "./support/observe";
import { everyLookSeen, labelsOf, roomViewOf } from "./support/room-view";
import { eventually, openSocket, presenceToken, signedSessionId, sleep, type TestSocket } from "./support/sockets";

const snapshot = (socket: TestSocket) => socket.next((frame) => frame.type === "room-snapshot");

async function reader(path = POST, options: { sid?: string; userId?: string; name?: string; visible?: boolean; query?: Record<string, string> } = {}) {
  const sid = options.sid ?? (await signedSessionId());
  const token = options.userId
    ? await presenceToken({ sid, userId: options.userId, name: options.name ?? options.userId, visible: options.visible ?? true })
    : undefined;
  const socket = tracked(await openSocket(path, { sid, token, query: options.query }));
  await snapshot(socket);
  return socket;
}

describe("the rail", () => {
  it("every reader sees every other reader move, and themself as `you`", async () => {
    const ada = await reader(POST, { userId: "ada", name: "Ada" });
    const anonymous = await reader();
    ada.send({ type: "progress", progress: 0.42 });
    await eventually(() => {
      const view = roomViewOf(anonymous);
      expect(view.count).toBe(2);
      expect([...view.readers.values()].find((r) => r.label === "Ada")?.progress).toBe(0.42);
    });
    const adaView = roomViewOf(ada);
    expect(adaView.you).not.toBeNull();
    expect(adaView.readers.get(adaView.you!)?.label).toBe("Ada");
    await eventually(async () => expect((await summary()).reading).toEqual({ "how-live-presence-works": 2 }));
  });

  it("two tabs of one reader are one reader, at the place of the tab that moved last", async () => {
    const sid = await signedSessionId();
    const observer = await reader();
    const tab1 = await reader(POST, { sid });
    const tab2 = await reader(POST, { sid });
    tab1.send({ type: "progress", progress: 0.2 });
    await sleep(50);
    tab2.send({ type: "progress", progress: 0.7 });
    await eventually(() => {
      const view = roomViewOf(observer);
      expect(view.count).toBe(2);
      expect([...view.readers.values()].map((r) => r.progress).sort()).toEqual([0, 0.7]);
    });
    expect(roomViewOf(tab1).you).toBe(roomViewOf(tab2).you);
  });

  it("moves within one tick reach the others as one diff", async () => {
    const observer = await reader();
    const mover = await reader();
    await eventually(() => expect(roomViewOf(observer).count).toBe(2));
    const framesBefore = observer.frames.length;
    for (const progress of [0.1, 0.2, 0.3, 0.4, 0.5]) mover.send({ type: "progress", progress });
    await eventually(() => expect([...roomViewOf(observer).readers.values()].some((r) => r.progress === 0.5)).toBe(true));
    await sleep(200);
    const diffs = observer.frames.slice(framesBefore).filter((frame) => frame.type === "room-diff");
    expect(diffs.length).toBeLessThan(5);
  });

  it("what a tab says the moment its socket opens, while the room is still admitting it, is not lost", async () => {
    const observer = await reader();
    const sid = await signedSessionId();
    const eager = tracked(await openSocket(POST, { sid }));
    eager.send({ type: "progress", progress: 0.77 });
    await eventually(() => expect([...roomViewOf(observer).readers.values()].map((r) => r.progress)).toContain(0.77));
  });

  it("a message that reaches the room after a newer one of the same socket never moves the marker back", async () => {
    const observer = await reader();
    const mover = await reader();
    mover.send({ type: "progress", progress: 0.5, seq: 10 });
    mover.send({ type: "progress", progress: 0.4, seq: 9 });
    await sleep(300);
    const moverView = [...roomViewOf(observer).readers.values()].find((r) => r.id === roomViewOf(mover).you);
    expect(moverView?.progress).toBe(0.5);
  });
});

describe("anonymous looks: drawn at random for each visit", () => {
  it("one browser gets a new look on every visit and on every post, so no observer can follow it", async () => {
    const sid = await signedSessionId();
    const observer = await reader();
    const observerElsewhere = await reader(OTHER_POST);
    const looks: string[] = [];
    for (let visit = 0; visit < 3; visit++) {
      const socket = await reader(POST, { sid });
      looks.push(roomViewOf(socket).you!);
      await eventually(() => expect(roomViewOf(observer).readers.has(looks.at(-1)!)).toBe(true));
      socket.close(1000);
      await eventually(() => expect(roomViewOf(observer).count).toBe(1));
    }
    const elsewhere = await reader(OTHER_POST, { sid });
    looks.push(roomViewOf(elsewhere).you!);
    await eventually(() => expect(roomViewOf(observerElsewhere).readers.has(looks.at(-1)!)).toBe(true));
    expect(new Set(looks).size).toBe(4);
    const labelsSeen = [...everyLookSeen(observer).labels, ...everyLookSeen(observerElsewhere).labels];
    expect(labelsSeen.length).toBeGreaterThanOrEqual(4);
  });

  it("a hidden person's look is anonymous, and new on each visit and each device", async () => {
    const observer = await reader();
    const looks: string[] = [];
    for (const device of ["laptop", "phone"]) {
      const socket = await reader(POST, { userId: "hidden-hal", name: "Hal", visible: false });
      looks.push(roomViewOf(socket).you!);
      expect(labelsOf(roomViewOf(observer))).not.toContain("Hal");
      socket.close(1000);
      await eventually(() => expect(roomViewOf(observer).count).toBe(1), { timeoutMs: 3000 });
      void device;
    }
    expect(looks[0]).not.toBe(looks[1]);
    expect(everyLookSeen(observer).labels).not.toContain("Hal");
    expect(JSON.stringify(observer.frames)).not.toContain("hidden-hal");
  });
});

describe("bad input", () => {
  it("a starting place that is no number, or out of range, starts the reader at the top", async () => {
    const observer = await reader();
    await reader(POST, { query: { p: "1e309" } });
    await reader(POST, { query: { p: "-3" } });
    await reader(POST, { query: { p: "__proto__" } });
    await eventually(() => expect([...roomViewOf(observer).readers.values()].map((r) => r.progress)).toEqual([0, 0, 0, 0]));
  });

  it("rooms of posts that don't exist, and prototype names, are 404 before any object is made", async () => {
    for (const path of ["/parties/article/no-such-post", "/parties/article/__proto__", "/parties/article/constructor", "/parties/lobby/main"]) {
      const sid = await signedSessionId();
      await expect(openSocket(path, { sid })).rejects.toThrow(/404/);
    }
  });
});
