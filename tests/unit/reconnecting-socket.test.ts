// The readers' reconnecting socket against a real WebSocket server (the `ws` package on a
// loopback port): drops without a close frame, a ticket route that fails, a handshake that
// never answers, closes at every stage, and hostile room names.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { WebSocket as NodeWebSocket, WebSocketServer } from "ws";
import { type AdoptedSocket, ReconnectingSocket, type ReconnectingSocketOptions, socketUrl } from "../../hooks/reconnecting-socket";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Connection {
  url: URL;
  socket: import("ws").WebSocket;
}

async function startServer(): Promise<{ host: string; connections: Connection[]; nth: (index: number) => Connection }> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const connections: Connection[] = [];
  server.on("connection", (socket, request) => connections.push({ url: new URL(request.url ?? "/", "ws://127.0.0.1"), socket }));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => connections.forEach(({ socket }) => socket.terminate()));
  const nth = (index: number): Connection => {
    const connection = connections[index];
    if (!connection) throw new Error(`no connection #${index}`);
    return connection;
  };
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, connections, nth };
}

/** A TCP server that accepts and never answers the WebSocket handshake. */
async function startSilentServer(): Promise<{ host: string; accepted: () => number }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, accepted: () => sockets.length };
}

function openSocket(options: Partial<ReconnectingSocketOptions> & Pick<ReconnectingSocketOptions, "host" | "query">): ReconnectingSocket {
  const socket = new ReconnectingSocket({
    party: "site",
    room: "global",
    minReconnectionDelay: 20,
    maxReconnectionDelay: 100,
    WebSocket: NodeWebSocket as unknown as typeof WebSocket,
    ...options,
  });
  cleanups.push(() => socket.close());
  return socket;
}

const until = (check: () => boolean) =>
  vi.waitFor(
    () => {
      if (!check()) throw new Error("not yet");
    },
    { timeout: 3000, interval: 10 },
  );
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("ReconnectingSocket", () => {
  it("connects to the party's room with the query, and its listeners hear the frames", async () => {
    const { host, connections, nth } = await startServer();
    const socket = openSocket({ host, party: "article", room: "a-post", query: async () => ({ sid: "s-1" }) });
    const frames: string[] = [];
    socket.addEventListener("message", (event) => frames.push(String(event.data)));
    await until(() => connections.length === 1 && socket.readyState === 1);
    expect(nth(0).url.pathname).toBe("/parties/article/a-post");
    expect(nth(0).url.searchParams.get("sid")).toBe("s-1");
    nth(0).socket.send("hello");
    await until(() => frames.length === 1);
    expect(frames).toEqual(["hello"]);
    socket.send("ping");
    const received = await new Promise((resolve) => nth(0).socket.once("message", (data) => resolve(String(data))));
    expect(received).toBe("ping");
  });

  it("after a drop without a close frame it connects again, asking for a fresh query, and the same listeners hear the new socket", async () => {
    const { host, connections, nth } = await startServer();
    let tickets = 0;
    const socket = openSocket({ host, query: async () => ({ sid: `s-${++tickets}` }) });
    const events: string[] = [];
    socket.addEventListener("open", () => events.push("open"));
    socket.addEventListener("close", () => events.push("close"));
    socket.addEventListener("message", (event) => events.push(String(event.data)));
    await until(() => connections.length === 1);
    nth(0).socket.terminate();
    await until(() => connections.length === 2 && socket.readyState === 1);
    expect(connections.map(({ url }) => url.searchParams.get("sid"))).toEqual(["s-1", "s-2"]);
    nth(1).socket.send("from the second");
    await until(() => events.includes("from the second"));
    expect(events).toEqual(["open", "close", "open", "from the second"]);
  });

  it("a query that fails is asked again, waiting longer each time, until it answers", async () => {
    const { host, connections, nth } = await startServer();
    const asked: number[] = [];
    const socket = openSocket({
      host,
      minReconnectionDelay: 40,
      maxReconnectionDelay: 1000,
      query: async () => {
        asked.push(Date.now());
        if (asked.length < 4) throw new Error("ticket route down");
        return { sid: "s-late" };
      },
    });
    await until(() => connections.length === 1 && socket.readyState === 1);
    expect(asked).toHaveLength(4);
    expect(nth(0).url.searchParams.get("sid")).toBe("s-late");
    // The waits grow (×1.3 each, ±25% spread): the third is longer than the first.
    const [first = 0, , third = 0] = asked.slice(1).map((at, index) => at - (asked[index] ?? at));
    expect(first).toBeGreaterThanOrEqual(25);
    expect(third).toBeGreaterThan(first * 0.9);
  });

  it("a handshake that never answers is given up and tried again", async () => {
    const silent = await startSilentServer();
    const socket = openSocket({ host: silent.host, connectTimeoutMs: 150, query: async () => ({}) });
    const closes: number[] = [];
    socket.addEventListener("close", (event) => closes.push(event.code));
    await until(() => silent.accepted() >= 3);
    expect(closes.length).toBeGreaterThanOrEqual(2);
    expect(socket.readyState).not.toBe(1);
  });

  it("close() is for good: no reconnect, whether it comes while open, while the query is pending, or between tries", async () => {
    const { host, connections, nth } = await startServer();
    const open = openSocket({ host, query: async () => ({ sid: "open" }) });
    await until(() => open.readyState === 1);
    open.close(4001, "leaving");
    const closed = await new Promise<number>((resolve) => nth(0).socket.once("close", (code) => resolve(code)));
    expect(closed).toBe(4001);

    const answers: ((value: Record<string, string>) => void)[] = [];
    const pending = openSocket({ host, query: () => new Promise((resolve) => answers.push(resolve)) });
    await until(() => answers.length === 1);
    pending.close();
    answers.forEach((answer) => answer({ sid: "pending" }));

    const between = openSocket({ host, minReconnectionDelay: 80, query: async () => ({ sid: "between" }) });
    await until(() => connections.length === 2);
    nth(1).socket.terminate();
    await pause(30);
    between.close();

    await pause(300);
    expect(connections.map(({ url }) => url.searchParams.get("sid"))).toEqual(["open", "between"]);
    expect([open.readyState, pending.readyState, between.readyState]).toEqual([3, 3, 3]);
  });

  it("created closed, it connects only on start(); closed before that, start() leaves it closed", async () => {
    const { host, connections } = await startServer();
    const waiting = openSocket({ host, startClosed: true, query: async () => ({ sid: "waiting" }) });
    const abandoned = openSocket({ host, startClosed: true, query: async () => ({ sid: "abandoned" }) });
    await pause(100);
    expect(connections).toHaveLength(0);
    abandoned.close();
    waiting.start();
    abandoned.start();
    await until(() => waiting.readyState === 1);
    await pause(100);
    expect(connections.map(({ url }) => url.searchParams.get("sid"))).toEqual(["waiting"]);
  });

  it("send() on a socket that isn't open drops the message instead of throwing or queueing it", async () => {
    const { host, nth } = await startServer();
    const answers: ((value: Record<string, string>) => void)[] = [];
    const socket = openSocket({ host, query: () => new Promise((resolve) => answers.push(resolve)) });
    await until(() => answers.length === 1);
    expect(() => socket.send("too early")).not.toThrow();
    answers.forEach((answer) => answer({}));
    await until(() => socket.readyState === 1);
    const received: string[] = [];
    nth(0).socket.on("message", (data) => received.push(String(data)));
    socket.send("on time");
    await until(() => received.length === 1);
    expect(received).toEqual(["on time"]);
  });
  it("reconnectNow (a crowded room sent the tab to its seat): a new socket at once, with a fresh query, and the old one's late frames and close are no news", async () => {
    const { host, connections, nth } = await startServer();
    let asked = 0;
    // Reconnect delays far longer than the test: only reconnectNow can bring the second socket in time.
    const socket = openSocket({ host, query: async () => ({ seat: String(++asked) }), minReconnectionDelay: 10_000, maxReconnectionDelay: 10_000 });
    const heard: string[] = [];
    socket.addEventListener("open", () => heard.push("open"));
    socket.addEventListener("message", (event) => heard.push(`message ${String(event.data)}`));
    socket.addEventListener("close", () => heard.push("close"));
    await until(() => connections.length === 1 && socket.readyState === 1);
    const old = nth(0).socket;
    socket.reconnectNow();
    await until(() => connections.length === 2 && socket.readyState === 1);
    expect(nth(1).url.searchParams.get("seat")).toBe("2");
    if (old.readyState === 1) old.send("late");
    nth(1).socket.send("fresh");
    await until(() => heard.includes("message fresh"));
    await pause(100);
    expect(heard).toEqual(["open", "open", "message fresh"]);
    // Nothing to drop while no socket is there: a reconnect is already on its way.
    socket.close();
    socket.reconnectNow();
    await pause(100);
    expect(connections).toHaveLength(2);
  });

});

/** A socket opened before the ReconnectingSocket (as the page's inline script does), keeping what it receives. */
async function openEarly(host: string, connections: Connection[]) {
  const ws = new NodeWebSocket(`ws://${host}/parties/site/global?sid=early`);
  const frames: string[] = [];
  ws.on("message", (data) => frames.push(String(data)));
  await new Promise((resolve) => ws.once("open", resolve));
  await until(() => connections.length === 1);
  let state: "offered" | "taken" | "declined" = "offered";
  const handover: AdoptedSocket = {
    ws: ws as unknown as WebSocket,
    takeFrames: () => {
      if (state !== "offered") return null;
      state = "taken";
      ws.removeAllListeners("message");
      return frames.splice(0);
    },
    decline: () => {
      state = "declined";
    },
  };
  return { ws, frames, handover, state: () => state };
}

describe("ReconnectingSocket taking over a socket opened before it", () => {
  it("takes an open socket with the frames it received: its listeners hear them in order, then the rest, and it opens none of its own", async () => {
    const { host, connections, nth } = await startServer();
    const early = await openEarly(host, connections);
    nth(0).socket.send("one");
    nth(0).socket.send("two");
    await until(() => early.frames.length === 2);
    const query = vi.fn(async () => ({ sid: "own" }));
    const socket = openSocket({ host, query, adopt: async () => early.handover });
    const events: string[] = [];
    socket.addEventListener("open", () => events.push("open"));
    socket.addEventListener("message", (event) => events.push(String(event.data)));
    await until(() => events.length === 3);
    expect(socket.readyState).toBe(1);
    nth(0).socket.send("three");
    await until(() => events.length === 4);
    expect(events).toEqual(["open", "one", "two", "three"]);
    expect(early.state()).toBe("taken");
    socket.send("ping");
    expect(await new Promise((resolve) => nth(0).socket.once("message", (data) => resolve(String(data))))).toBe("ping");
    expect(query).not.toHaveBeenCalled();
    expect(connections).toHaveLength(1);
  });

  it("takes a socket that closed before it: its listeners hear what it received and the close, then it reconnects with a fresh query", async () => {
    const { host, connections, nth } = await startServer();
    const early = await openEarly(host, connections);
    nth(0).socket.send("snapshot");
    await until(() => early.frames.length === 1);
    nth(0).socket.terminate();
    await until(() => early.ws.readyState === 3);
    const connects: { first: boolean }[] = [];
    const socket = openSocket({
      host,
      adopt: async () => early.handover,
      query: async (connect) => {
        connects.push(connect);
        return { sid: "fresh" };
      },
    });
    const events: string[] = [];
    socket.addEventListener("open", () => events.push("open"));
    socket.addEventListener("close", () => events.push("close"));
    socket.addEventListener("message", (event) => events.push(String(event.data)));
    await until(() => connections.length === 2 && socket.readyState === 1);
    expect(events).toEqual(["open", "snapshot", "close", "open"]);
    expect(connects).toEqual([{ first: false }]);
    expect(nth(1).url.searchParams.get("sid")).toBe("fresh");
  });

  it("closed before the handover arrives, declines the socket (another may take it) and opens none", async () => {
    const { host, connections } = await startServer();
    const early = await openEarly(host, connections);
    let handOver: (value: AdoptedSocket) => void = () => {};
    const query = vi.fn(async () => ({ sid: "own" }));
    const socket = openSocket({ host, query, adopt: () => new Promise((resolve) => (handOver = resolve)) });
    socket.close(1000, "leaving");
    handOver(early.handover);
    await pause(100);
    expect(early.state()).toBe("declined");
    expect(early.ws.readyState).toBe(1);
    expect(query).not.toHaveBeenCalled();
    expect(connections).toHaveLength(1);
  });

  it("offered a socket another one took first, connects itself", async () => {
    const { host, connections, nth } = await startServer();
    const early = await openEarly(host, connections);
    early.handover.takeFrames();
    const socket = openSocket({ host, adopt: async () => early.handover, query: async () => ({ sid: "own" }) });
    await until(() => connections.length === 2 && socket.readyState === 1);
    expect(nth(1).url.searchParams.get("sid")).toBe("own");
  });

  it("handed nothing (no early socket, or one it may not use), connects itself, and says it is its first connect", async () => {
    const { host, nth } = await startServer();
    const connects: { first: boolean }[] = [];
    for (const adopt of [async () => null, async () => Promise.reject(new Error("no early start"))]) {
      const socket = openSocket({
        host,
        adopt,
        query: async (connect) => {
          connects.push(connect);
          return { sid: "own" };
        },
      });
      await until(() => socket.readyState === 1);
    }
    expect(connects).toEqual([{ first: true }, { first: true }]);
    expect(nth(1).url.searchParams.get("sid")).toBe("own");
  });
});

describe("socketUrl", () => {
  it("takes a room or party name as one path segment, whatever it holds", () => {
    const url = new URL(socketUrl("127.0.0.1:8787", "article", "../desk/main?x=1#y", { sid: "a&b=c" }));
    expect(url.pathname).toBe("/parties/article/..%2Fdesk%2Fmain%3Fx%3D1%23y");
    expect(url.hash).toBe("");
    expect([...url.searchParams]).toEqual([["sid", "a&b=c"]]);
  });

  it("uses ws:// only on loopback and private addresses, wss:// everywhere else", () => {
    const scheme = (host: string) => socketUrl(host, "site", "global", {}).split(":")[0];
    for (const host of ["127.0.0.1:8787", "localhost:8787", "localhost", "[::1]:8787", "10.0.0.5:8787", "192.168.1.20:8787", "172.16.0.1:8787", "172.31.255.1"]) {
      expect(scheme(host), host).toBe("ws");
    }
    for (const host of ["presence.example.workers.dev", "localhost.example.com", "127.0.0.1.example.com", "10.example.com", "172.32.0.1:8787", "192.168.1.20.nip.io"]) {
      expect(scheme(host), host).toBe("wss");
    }
  });
});
