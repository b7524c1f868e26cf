// A crowded room and its relays when things go wrong (ROOM_SOCKETS_PER_OBJECT=3 in this project):
// reports and deliveries that fail once, a relay slow to answer a waking room, the room restarting,
// sockets whose network vanished, crowds arriving at once, and a session naming seats it wasn't
// given. Each test failed before the fix it guards.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { Article } from "../../party/article/article";
import { ArticleRelay } from "../../party/article/article-relay";
import type { Delivery, RelayAnswer, RelayMembers, RelayReport } from "../../party/article/relay-wire";
import { CLOSE_CODES } from "../../party/shared/wire-constants";
import { identityChanged, POST, roomObjectName, tracked } from "./support/observe";
import { labelsOf, roomViewOf } from "./support/room-view";
import { openSeated } from "./support/seats";
import { closeWithin, eventually, keepAlive, openSocket, presenceToken, sessionIdOf, signedSessionId, sleep, type TestSocket } from "./support/sockets";

const PER_OBJECT = 3;

interface Reader {
  socket: TestSocket;
  seat: number | null;
}

async function reader(options: { sid?: string; userId?: string; name?: string; heartbeat?: boolean } = {}): Promise<Reader> {
  const sid = options.sid ?? (await signedSessionId());
  const token = options.userId ? await presenceToken({ sid, userId: options.userId, name: options.name ?? options.userId }) : undefined;
  const { socket, seat } = await openSeated(POST, { sid, token });
  return { socket: tracked(socket, { heartbeat: options.heartbeat ?? true }), seat };
}

async function readers(count: number): Promise<Reader[]> {
  const opened: Reader[] = [];
  while (opened.length < count) opened.push(await reader());
  return opened;
}

const someone = () => `faults-${crypto.randomUUID().slice(0, 8)}`;

describe("hidden means hidden, across relays", () => {
  it("a hide whose report to the room failed once still takes the name off", async () => {
    const observers = await readers(PER_OBJECT + 1);
    const adaId = someone();
    const ada = await reader({ userId: adaId, name: "Ada" });
    expect(ada.seat).toBe(1);
    await eventually(() => {
      for (const { socket } of observers) expect(labelsOf(roomViewOf(socket))).toContain("Ada");
    });
    // The room can't be reached for one report (overloaded, resetting): the one carrying the restate.
    const original = Article.prototype.relayReport;
    let failed = 0;
    vi.spyOn(Article.prototype, "relayReport").mockImplementation(async function (this: Article, seat: number, report: RelayReport): Promise<RelayAnswer> {
      if (failed === 0 && report.restates.length > 0) {
        failed++;
        throw new Error("test: the room could not be reached");
      }
      return original.call(this, seat, report);
    });
    expect((await identityChanged({ userId: adaId, epoch: 1, sessionId: null })).status).toBe(200);
    await eventually(() => expect(failed).toBe(1));
    // The relay retries within REPORT_RETRY_MS (1 s), with a whole report.
    await eventually(() => {
      for (const { socket } of observers) expect(labelsOf(roomViewOf(socket)), "observer still shows the hidden person").not.toContain("Ada");
    }, { timeoutMs: 5_000 });
  });

  it("a look that changes because a relay's socket vanished never re-enters in the diff that removed the old one", async () => {
    const observers = await readers(PER_OBJECT); // the room's own object: a crowd of REENTRY_CROWD (3)
    const beaId = someone();
    const laptopSid = await signedSessionId();
    const phoneSid = await signedSessionId();
    // Bea's laptop: its heartbeats stop later (lid closed).
    const laptop = await openSeated(POST, { sid: laptopSid, token: await presenceToken({ sid: laptopSid, userId: beaId, name: "Bea" }) });
    tracked(laptop.socket, { heartbeat: false });
    const stopLaptop = keepAlive([laptop.socket]);
    const phone = await reader({ sid: phoneSid, userId: beaId, name: "Bea" });
    expect([laptop.seat, phone.seat]).toEqual([1, 1]);
    await eventually(() => {
      for (const { socket } of observers) expect(labelsOf(roomViewOf(socket))).toContain("Bea");
    });
    const beaIds = [...roomViewOf(observers[0]!.socket).readers.values()].filter((r) => r.label === "Bea").map((r) => r.id);
    // Bea signs out of the phone's browser: that socket stops wanting her name (the laptop still shows it).
    expect((await identityChanged({ userId: beaId, epoch: 0, sessionId: sessionIdOf(phoneSid) })).status).toBe(200);
    await sleep(300);
    // The laptop's lid closes; the room ticks once more meanwhile (someone scrolls).
    stopLaptop();
    await sleep(100);
    observers[0]!.socket.send({ type: "progress", progress: 0.42 });
    const watcher = observers[1]!.socket;
    await eventually(() => expect(labelsOf(roomViewOf(watcher))).not.toContain("Bea"), { timeoutMs: 6_000 });
    await sleep(300);
    const seenBefore = new Set<string>();
    const linking: unknown[] = [];
    for (const frame of watcher.frames) {
      if (frame.type === "room-snapshot") for (const r of frame.readers as { id: string }[]) seenBefore.add(r.id);
      if (frame.type !== "room-diff") continue;
      const removed = frame.removed as string[];
      const upserts = frame.upserts as { id: string }[];
      if (removed.some((id) => beaIds.includes(id)) && upserts.some((r) => !seenBefore.has(r.id))) linking.push(frame);
      for (const r of upserts) seenBefore.add(r.id);
    }
    expect(linking, "a diff removed Bea's named look and added a new anonymous one").toEqual([]);
  });
});

describe("a room that restarts shows its relays' readers as they are now", () => {
  it("a person who hid is not named again after the room restarts, though the relay missed the room's placement", async () => {
    await readers(PER_OBJECT);
    const cyId = someone();
    const cy = await reader({ userId: cyId, name: "Cy" });
    expect(cy.seat).toBe(1);
    const watcher = await reader();
    expect(watcher.seat).toBe(1);
    await eventually(() => expect(labelsOf(roomViewOf(watcher.socket))).toContain("Cy"));
    // The room's delivery that carries Cy's new placement fails once.
    const original = ArticleRelay.prototype.deliver;
    let dropped = 0;
    vi.spyOn(ArticleRelay.prototype, "deliver").mockImplementation(function (this: ArticleRelay, deliveries: Delivery[]) {
      if (dropped === 0 && deliveries.some((delivery) => delivery.kind === "placed")) {
        dropped++;
        throw new Error("test: the relay was briefly overloaded");
      }
      return original.call(this, deliveries);
    });
    expect((await identityChanged({ userId: cyId, epoch: 1, sessionId: null })).status).toBe(200);
    await eventually(() => expect(labelsOf(roomViewOf(watcher.socket))).not.toContain("Cy"));
    expect(dropped).toBe(1);
    vi.restoreAllMocks();
    // The room object resets (a deploy, a crash); a newcomer wakes it.
    await runInDurableObject(env.Article.getByName(roomObjectName("how-live-presence-works")), (_instance, state) => state.abort("test: the room restarts")).catch(() => undefined);
    const newcomer = tracked(await openSocket(POST, {}));
    const first = await newcomer.next((frame) => frame.type === "room-snapshot");
    expect((first.readers as { label: string }[]).map((r) => r.label), "the newcomer's first snapshot names the hidden person").not.toContain("Cy");
  });
});

describe("a room that wakes counts its relays' readers", () => {
  it("a relay that answered the waking room late is counted again soon, not at its next 30 s reminder", async () => {
    const all = await readers(PER_OBJECT * 2);
    const inRelays = all.filter(({ seat }) => seat !== null);
    await eventually(() => expect(roomViewOf(inRelays[0]!.socket).count).toBe(PER_OBJECT * 2));
    // The relay is busy when the room wakes: it answers after the room's 2 s pull timeout.
    const original = ArticleRelay.prototype.members;
    let slow = 0;
    // An RPC's answer may be a promise: the room awaits it either way.
    vi.spyOn(ArticleRelay.prototype, "members").mockImplementation(function (this: ArticleRelay) {
      if (slow++ > 0) return original.call(this);
      return sleep(2_500).then(() => original.call(this)) as unknown as RelayMembers;
    });
    await runInDurableObject(env.Article.getByName(roomObjectName("how-live-presence-works")), (_instance, state) => state.abort("test: the room restarts")).catch(() => undefined);
    const newcomer = tracked(await openSocket(POST, {}));
    await newcomer.next((frame) => frame.type === "room-snapshot", 10_000);
    expect(slow).toBeGreaterThan(0);
    // The relays' readers are all still there, quietly reading.
    await eventually(() => expect(roomViewOf(newcomer).count, "the woken room's count leaves out a relay's readers").toBe(inRelays.length + 1), { timeoutMs: 8_000 });
  });
});

describe("a room that restarts tells its relays' readers who is gone", () => {
  it("readers of the room's own object that went with its restart leave the relay readers' rails", async () => {
    const all = await readers(PER_OBJECT * 2);
    const inRelays = all.filter(({ seat }) => seat !== null);
    await eventually(() => {
      for (const { socket } of inRelays) expect(roomViewOf(socket).readers.size).toBe(PER_OBJECT * 2);
    });
    await runInDurableObject(env.Article.getByName(roomObjectName("how-live-presence-works")), (_instance, state) => state.abort("test: the room restarts")).catch(() => undefined);
    const newcomer = tracked(await openSocket(POST, {}));
    await newcomer.next((frame) => frame.type === "room-snapshot");
    await eventually(() => expect(roomViewOf(inRelays[0]!.socket).count).toBe(inRelays.length + 1));
    await sleep(1_500);
    for (const { socket } of inRelays) {
      const view = roomViewOf(socket);
      expect(view.readers.size, `a relay reader's rail lists ${view.readers.size} readers while its count says ${view.count}`).toBe(view.count);
    }
  });
});

describe("a relay's sockets are told the room in order, whatever fails", () => {
  it("a relay socket whose snapshot delivery failed once still gets the room", async () => {
    const home = await readers(PER_OBJECT);
    const original = ArticleRelay.prototype.deliver;
    let dropped = 0;
    vi.spyOn(ArticleRelay.prototype, "deliver").mockImplementation(function (this: ArticleRelay, deliveries: Delivery[]) {
      if (dropped === 0 && deliveries.some((delivery) => delivery.kind === "frame" && delivery.snapshot)) {
        dropped++;
        throw new Error("test: the relay was briefly overloaded");
      }
      return original.call(this, deliveries);
    });
    const sid = await signedSessionId();
    const first = tracked(await openSocket(POST, { sid }));
    const moved = await first.next((frame) => frame.type === "room-moved");
    const newcomer = tracked(await openSocket(POST, { sid, query: { seat: String(moved.seat) } }));
    await eventually(() => expect(dropped).toBe(1));
    home[0]!.socket.send({ type: "progress", progress: 0.5 });
    await eventually(() => {
      expect(newcomer.frames.map((frame) => frame.type), "the relay's newcomer never got its snapshot").toContain("room-snapshot");
      expect(roomViewOf(newcomer).count).toBe(PER_OBJECT + 1);
    }, { timeoutMs: 5_000 });
  });
});

describe("nothing a client names is a quota slot", () => {
  it("one browser session holds at most 20 sockets in a post's room, whichever seats it names", async () => {
    const sid = await signedSessionId();
    for (let i = 0; i < 20; i++) {
      const socket = tracked(await openSocket(POST, { sid }));
      await socket.next((frame) => frame.type === "room-snapshot");
    }
    const refused = tracked(await openSocket(POST, { sid }));
    expect((await closeWithin(refused, 2_000)).code).toBe(CLOSE_CODES.tooManyConnections);
    // The same session, naming seats nobody gave it.
    const accepted: number[] = [];
    for (const seat of ["1", "2", "63"]) {
      for (let i = 0; i < 5; i++) {
        const socket = tracked(await openSocket(POST, { sid, query: { seat } }));
        const outcome = await Promise.race([
          socket.next((frame) => frame.type === "room-snapshot", 3_000).then(() => "admitted"),
          socket.closed.then(({ code }) => `closed ${code}`),
        ]).catch(() => "nothing");
        if (outcome === "admitted") accepted.push(Number(seat));
      }
    }
    expect(accepted.length, `sockets of one session admitted beyond its 20: seats ${accepted.join(",")}`).toBe(0);
  });
});

describe("one object holds ROOM_SOCKETS_PER_OBJECT sockets", () => {
  it("readers arriving together are not all taken by the room's own object", async () => {
    const arrivals = await Promise.all(Array.from({ length: 9 }, () => reader()));
    const inRoom = arrivals.filter(({ seat }) => seat === null).length;
    expect(inRoom, `sockets in the room's own object (seats: ${arrivals.map(({ seat }) => seat).join(",")})`).toBeLessThanOrEqual(PER_OBJECT);
  });
});
