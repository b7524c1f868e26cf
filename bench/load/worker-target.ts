// The presence worker under test, spoken to as the app's client does: plain WebSockets with a
// signed session id (and, for a signed-in reader, a presence token bound to it), "ping"
// heartbeats every few seconds, JSON frames from party/shared/protocol.ts, numbered messages.
import WebSocket from "ws";
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING, HEARTBEAT_PONG, SOCKET_QUERY } from "../../party/shared/protocol";
import { newSessionId, signSessionId } from "../../party/shared/tickets";
import { presenceToken } from "../../tests/e2e/support/tokens";
import { BENCH_SECRET } from "../support/worker";
import { roomNewsOf } from "./room-news";
import { isRecord, type PresenceTarget, type RoomNews, type RoomReader, type SiteClient, type Traffic } from "./target";

const ORIGIN = "http://bench.local";

/** Parses a frame as JSON; frames are checked field by field (see room-news.ts). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function workerTarget(baseUrl: string): PresenceTarget {
  const traffic: Traffic = { messages: 0, bytes: 0 };
  const heartbeats = new Set<ReturnType<typeof setTimeout>>();
  const wsBase = baseUrl.replace(/^http/, "ws");
  const sessions = new Map<number, string>();
  const sessionOf = (index: number) => sessions.get(index) ?? sessions.set(index, newSessionId()).get(index)!;

  /**
   * Each socket beats on its own clock, at a random phase, as tabs do: one timer for all would
   * send thousands of pings in one burst. Without them the worker sweeps sockets as ghosts.
   */
  function keepAlive(socket: WebSocket): void {
    let timer = setTimeout(function beat() {
      heartbeats.delete(timer);
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(HEARTBEAT_PING);
      timer = setTimeout(beat, HEARTBEAT_INTERVAL_MS);
      heartbeats.add(timer);
    }, Math.random() * HEARTBEAT_INTERVAL_MS);
    heartbeats.add(timer);
  }

  async function open(path: string, index: number, named: boolean, onFrame: (frame: Record<string, unknown>) => void, seat: string | null = null): Promise<WebSocket> {
    // A distinct browser session per reader: the worker caps sockets per session.
    const sid = await signSessionId(BENCH_SECRET, sessionOf(index));
    const query = new URLSearchParams({ sid });
    if (named) query.set("token", await presenceToken({ sid, sub: `bench-${index}`, name: `Bench reader ${index}`, secret: BENCH_SECRET }));
    if (seat !== null) query.set(SOCKET_QUERY.seat, seat);
    // No permessage-deflate (browsers offer it; workerd accepts it): inflating thousands of
    // readers' frames would make this one process the bottleneck. The baseline's server
    // doesn't compress either; bytes are counted as payload, uncompressed, for both.
    const socket = new WebSocket(`${wsBase}${path}?${query}`, { headers: { Origin: ORIGIN }, perMessageDeflate: false });
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (text === HEARTBEAT_PONG) return;
      traffic.messages++;
      traffic.bytes += Buffer.byteLength(text);
      const frame = parseJson(text);
      if (isRecord(frame)) onFrame(frame);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    keepAlive(socket);
    return socket;
  }

  /** A reader's socket once its snapshot (which names it) has arrived, or the seat the room sent it to. */
  async function joinRoom(
    room: string,
    index: number,
    named: boolean,
    onNews: (news: RoomNews) => void,
    seat: string | null,
  ): Promise<{ socket: WebSocket; id: string; seat: number | null } | { seat: string }> {
    let settle: (outcome: { you: string } | { seat: string }) => void = () => {};
    let fail: (error: Error) => void = () => {};
    const outcome = new Promise<{ you: string } | { seat: string }>((resolve, reject) => ((settle = resolve), (fail = reject)));
    const socket = await open(
      `/parties/article/${room}`,
      index,
      named,
      (frame) => {
        if (frame.type === "room-moved" && typeof frame.seat === "number") return settle({ seat: String(frame.seat) });
        const read = roomNewsOf(frame);
        if (!read) return;
        if (read.you !== undefined) settle({ you: read.you });
        onNews(read.news);
      },
      seat,
    );
    socket.once("close", (code) => fail(new Error(`closed (${code}) before its snapshot`)));
    const result = await outcome;
    if ("seat" in result) {
      socket.terminate();
      return result;
    }
    return { socket, id: result.you, seat: seat === null ? null : Number(seat) };
  }

  return {
    traffic,
    async openSiteClient(index, onCount): Promise<SiteClient> {
      const socket = await open("/parties/site/global", index, false, (frame) => {
        if ((frame.type === "site-snapshot" || frame.type === "online") && typeof frame.online === "number") onCount(frame.online);
      });
      return { close: () => socket.close(1000) };
    },
    async openRoomReader(room, index, { named, onNews }): Promise<RoomReader> {
      // A crowded room sends a reader past its own share to a seat in a relay, as it does a tab.
      let seated = await joinRoom(room, index, named, onNews, null);
      if ("seat" in seated && typeof seated.seat === "string") seated = await joinRoom(room, index, named, onNews, seated.seat);
      if (!("socket" in seated)) throw new Error("moved twice");
      const { socket, id, seat } = seated;
      let dropped: string | null = null;
      let closing = false;
      socket.on("close", (code) => {
        if (!closing) dropped = `closed (${code})`;
      });
      // Numbered as the app numbers them (hooks/send-message.ts): the worker drops one older than the last.
      let seq = 0;
      return {
        id,
        seat,
        sendProgress: (progress) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "progress", progress, seq: seq++ }));
        },
        dropped: () => dropped,
        close: () => {
          closing = true;
          socket.close(1000);
        },
      };
    },
    dispose: () => {
      for (const timer of heartbeats) clearTimeout(timer);
      heartbeats.clear();
    },
  };
}
