// A crowded post's room holds ROOM_SOCKETS_PER_OBJECT sockets itself (3 here) and seats the
// readers beyond in its relays: every reader still counted once, seen by everyone, hidden at
// once, swept when gone; and a seat is nothing but a choice of object.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { identityChanged, POST, roomObjectName, summary, tracked } from "./support/observe";
import { labelsOf, roomViewOf } from "./support/room-view";
import { openSeated } from "./support/seats";
import { eventually, get, openSocket, presenceToken, signedSessionId, sleep, type TestSocket, upgradeStatus } from "./support/sockets";
import { TEST_WORKER_VARS } from "./support/vars";

const PER_OBJECT = 3;
const LARGE = Number(TEST_WORKER_VARS.LARGE_ROOM_READERS);
const SLUG = "how-live-presence-works";

interface Reader {
  socket: TestSocket;
  seat: number | null;
}

async function reader(options: { sid?: string; userId?: string; name?: string; query?: Record<string, string>; heartbeat?: boolean } = {}): Promise<Reader> {
  const sid = options.sid ?? (await signedSessionId());
  const token = options.userId ? await presenceToken({ sid, userId: options.userId, name: options.name ?? options.userId }) : undefined;
  const { socket, seat } = await openSeated(POST, { sid, token, query: options.query });
  return { socket: tracked(socket, { heartbeat: options.heartbeat ?? true }), seat };
}

async function readers(count: number): Promise<Reader[]> {
  const opened: Reader[] = [];
  while (opened.length < count) opened.push(await reader());
  return opened;
}

const countsOf = (all: Reader[]) => all.map(({ socket }) => roomViewOf(socket).count);

describe("a room past one object", () => {
  it("seats newcomers in its relays once full, and counts every reader once, wherever they sit", async () => {
    const all = await readers(PER_OBJECT * 2 + 1);
    expect(all.map(({ seat }) => seat)).toEqual([null, null, null, 1, 1, 1, 2]);
    await eventually(() => expect(countsOf(all)).toEqual(all.map(() => 7)));
    await eventually(async () => expect((await summary()).reading[SLUG]).toBe(7));

    // A reader in a relay moves: those in the room and in the other relay see it; and the other way round.
    const [home, , , inFirst, , , inSecond] = all as [Reader, Reader, Reader, Reader, Reader, Reader, Reader];
    inFirst.socket.send({ type: "progress", progress: 0.61 });
    home.socket.send({ type: "progress", progress: 0.27 });
    await eventually(() => {
      for (const { socket } of all) expect([...roomViewOf(socket).readers.values()].map((r) => r.progress).sort()).toEqual([0, 0, 0, 0, 0, 0.27, 0.61]);
    });

    // Leaving from a relay: everyone's count drops, the lobby's too.
    inSecond.socket.close(1000);
    await eventually(() => expect(countsOf(all.slice(0, 6))).toEqual([6, 6, 6, 6, 6, 6]));
    await eventually(async () => expect((await summary()).reading[SLUG]).toBe(6));
  });

  it("a relay's newcomer gets its snapshot before anything else, and then every change", async () => {
    const others = await readers(PER_OBJECT);
    const mover = others[0]!;
    // As fast as the worker takes a tab's messages (about 10 a second).
    const moving = setInterval(() => mover.socket.send({ type: "progress", progress: Math.round(Math.random() * 1000) / 1000 }), 100);
    const newcomers: Reader[] = [];
    try {
      while (newcomers.length < 2) newcomers.push(await reader());
      await sleep(300);
    } finally {
      clearInterval(moving);
    }
    for (const newcomer of newcomers) {
      expect(newcomer.seat).toBe(1);
      expect(newcomer.socket.frames[0]?.type).toBe("room-snapshot");
    }
    await sleep(1_000);
    mover.socket.send({ type: "progress", progress: 0.5 });
    await eventually(() => {
      for (const { socket } of [...others, ...newcomers]) expect([...roomViewOf(socket).readers.values()].some((r) => r.progress === 0.5)).toBe(true);
    });
  });

  it("a reader's sockets sit together: a second tab and a second device go where the first one is", async () => {
    const home = await readers(PER_OBJECT);
    const sid = await signedSessionId();
    const firstTab = await reader({ sid });
    expect(firstTab.seat).toBe(1);
    // The room has space again, yet the reader's second tab joins the first.
    home[0]!.socket.close(1000);
    await eventually(() => expect(roomViewOf(firstTab.socket).count).toBe(3));
    const secondTab = await reader({ sid });
    expect(secondTab.seat).toBe(1);

    // A person on two devices (two browser sessions): one reader, in one relay.
    const laptop = await reader({ userId: "seat-ada", name: "Ada" });
    const phone = await reader({ userId: "seat-ada", name: "Ada" });
    expect(laptop.seat).toBe(phone.seat);
    const all = [...home.slice(1), firstTab, secondTab, laptop, phone];
    await eventually(() => expect(countsOf(all)).toEqual(all.map(() => 4)));
    expect(roomViewOf(laptop.socket).you).toBe(roomViewOf(phone.socket).you);
    await eventually(async () => expect((await summary()).reading[SLUG]).toBe(4));
  });

  it("the crowd view spans the relays: exact counts, one density strip, the faces of people in relays", async () => {
    const all = await readers(LARGE);
    const ada = await reader({ userId: "crowd-seat-ada", name: "Ada" });
    expect(ada.seat).not.toBeNull();
    ada.socket.send({ type: "progress", progress: 0.97 });
    const everyone = [...all, ada];
    await eventually(() => {
      for (const { socket } of everyone) {
        const view = roomViewOf(socket);
        expect(view.mode).toBe("crowd");
        expect(view.count).toBe(LARGE + 1);
        expect(view.density.reduce((sum, slice) => sum + slice, 0)).toBe(LARGE + 1);
        expect(view.density.at(-1)).toBe(1);
        expect(labelsOf(view)).toEqual(["Ada"]);
      }
    });
    // Below 80 % of the threshold: the rail again, everywhere.
    const leaveBelow = Math.floor(LARGE * 0.8);
    while (everyone.length >= leaveBelow) everyone.shift()!.socket.close(1000);
    await eventually(() => {
      for (const { socket } of everyone) {
        expect(roomViewOf(socket).mode).toBe("rail");
        expect(roomViewOf(socket).readers.size).toBe(everyone.length);
      }
    });
  });

  it("hiding takes a person's name off at once, for observers in the room and in the relays", async () => {
    const observers = await readers(PER_OBJECT + 1);
    const ada = await reader({ userId: "hiding-seat-ada", name: "Ada" });
    expect(ada.seat).toBe(1);
    await eventually(() => {
      for (const { socket } of observers) expect(labelsOf(roomViewOf(socket))).toContain("Ada");
    });
    expect((await identityChanged({ userId: "hiding-seat-ada", epoch: 1, sessionId: null })).status).toBe(200);
    await eventually(() => {
      for (const { socket } of [...observers, ada]) expect(labelsOf(roomViewOf(socket))).not.toContain("Ada");
    }, { timeoutMs: 1_000 });
  });

  it("a reader in a relay whose network vanished is swept, and the room hears it", async () => {
    const observers = await readers(PER_OBJECT);
    const vanishing = await reader({ heartbeat: false });
    expect(vanishing.seat).toBe(1);
    await eventually(() => expect(countsOf(observers)).toEqual([4, 4, 4]));
    await eventually(() => expect(countsOf(observers)).toEqual([3, 3, 3]), { timeoutMs: 6_000 });
  });

  it("a seat is only a choice among the room's objects: odd ones go to the room, and no relay is reachable by name", async () => {
    const home = await readers(PER_OBJECT);
    // The room is full: a socket that reaches it is given seat 1. One an odd seat sent anywhere else would not be.
    for (const seat of ["0", "64", "999", "abc", "1e1", " 1", "__proto__", "-1", "1.0", ""]) {
      const { socket, seat: landed } = await openSeated(POST, { query: { seat } });
      tracked(socket);
      expect(landed, `seat "${seat}"`).toBe(1);
      expect(roomViewOf(socket).count, `seat "${seat}"`).toBe(PER_OBJECT + 1);
      await eventually(() => expect(roomViewOf(home[0]!.socket).count).toBe(PER_OBJECT + 1));
      socket.close(1000);
      await eventually(() => expect(roomViewOf(home[0]!.socket).count).toBe(PER_OBJECT));
    }
    // A seat nobody was given is still the same room: the reader counts once, like any other.
    const chosen = await reader({ query: { seat: "5" } });
    expect(chosen.seat).toBeNull();
    await eventually(() => expect(countsOf([...home, chosen])).toEqual(home.map(() => 4).concat(4)));
    for (const path of [`/parties/article-relay/${SLUG}~1`, `/parties/article-relay/${SLUG}`]) {
      expect(await upgradeStatus(path)).toBe(404);
      expect((await get(path)).status).toBe(404);
    }
  });

  it("a room that restarts while readers sit in its relays counts them at once, without a dip", async () => {
    const all = await readers(PER_OBJECT * 2);
    const inRelays = all.filter(({ seat }) => seat !== null);
    await eventually(() => expect(countsOf(all)).toEqual(all.map(() => 6)));
    const framesBefore = inRelays.map(({ socket }) => socket.frames.length);
    // The room object resets (as after a crash or a deploy): its own sockets go, its memory too.
    await runInDurableObject(env.Article.getByName(roomObjectName(SLUG)), (_instance, state) => state.abort("test: the room restarts")).catch(() => undefined);
    // Anyone joining wakes it: the readers in relays are there from its first frame on.
    const newcomer = await openSocket(POST, {});
    tracked(newcomer);
    const first = await newcomer.next((frame) => frame.type === "room-snapshot");
    expect(first.count).toBe(inRelays.length + 1);
    await eventually(() => expect(countsOf(inRelays)).toEqual(inRelays.map(() => inRelays.length + 1)));
    const seenSince = inRelays.flatMap(({ socket }, index) => socket.frames.slice(framesBefore[index]).map((frame) => frame.count));
    expect(seenSince.every((count) => typeof count !== "number" || count >= inRelays.length)).toBe(true);
  });
});
