// The presence worker under test, spoken to as the app's client does: plain WebSockets with a
// signed session id, "ping" heartbeats every few seconds, JSON frames from party/protocol.ts.
import WebSocket from "ws";
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING, HEARTBEAT_PONG } from "../../party/shared/protocol";
import { signSessionId } from "../../party/shared/tickets";
import { BENCH_SECRET } from "../support/worker";
import { isRecord, type PresenceTarget, type RoomReader, type SiteClient, type Traffic } from "./target";

const ORIGIN = "http://bench.local";

/** Parses a frame as JSON; frames are checked field by field below (zod on every 30 kB diff would load the generator). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function workerTarget(baseUrl: string, runTag: string): PresenceTarget {
  const traffic: Traffic = { messages: 0, bytes: 0 };
  const sockets = new Set<WebSocket>();
  // One timer pings every socket, as each tab's heartbeat would; without it the worker sweeps them as ghosts.
  const heartbeat = setInterval(() => {
    for (const socket of sockets) if (socket.readyState === WebSocket.OPEN) socket.send(HEARTBEAT_PING);
  }, HEARTBEAT_INTERVAL_MS);
  const wsBase = baseUrl.replace(/^http/, "ws");

  async function open(path: string, index: number, onFrame: (frame: Record<string, unknown>) => void): Promise<WebSocket> {
    // A distinct browser session per socket: the worker caps sockets per session.
    const sid = await signSessionId(BENCH_SECRET, `bench-${runTag}-${String(index).padStart(6, "0")}`);
    const socket = new WebSocket(`${wsBase}${path}?sid=${encodeURIComponent(sid)}`, { headers: { Origin: ORIGIN } });
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (text === HEARTBEAT_PONG) return;
      traffic.messages++;
      traffic.bytes += Buffer.byteLength(text);
      const frame = parseJson(text);
      if (isRecord(frame)) onFrame(frame);
    });
    socket.on("close", () => sockets.delete(socket));
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    sockets.add(socket);
    return socket;
  }

  return {
    traffic,
    async openSiteClient(index, onCount): Promise<SiteClient> {
      const socket = await open("/parties/site/global", index, (frame) => {
        if ((frame.type === "site-snapshot" || frame.type === "online") && typeof frame.online === "number") onCount(frame.online);
      });
      return { close: () => socket.close(1000) };
    },
    async openRoomReader(room, index, onProgress): Promise<RoomReader> {
      let resolveId: (id: string) => void = () => {};
      const you = new Promise<string>((resolve) => (resolveId = resolve));
      const socket = await open(`/parties/article/${room}`, index, (frame) => {
        if (frame.type === "room-snapshot" && typeof frame.you === "string") resolveId(frame.you);
        if (frame.type !== "room-diff") return;
        for (const reader of Array.isArray(frame.upserts) ? frame.upserts : []) {
          if (isRecord(reader) && typeof reader.id === "string" && typeof reader.progress === "number") {
            onProgress(reader.id, reader.progress);
          }
        }
        // Readers who only moved come as id -> progress.
        for (const [id, progress] of Object.entries(isRecord(frame.moved) ? frame.moved : {})) {
          if (typeof progress === "number") onProgress(id, progress);
        }
      });
      // A reader is in the room once its snapshot (which names it) has arrived.
      const id = await you;
      return {
        id,
        sendProgress: (progress) => socket.send(JSON.stringify({ type: "progress", progress })),
        close: () => socket.close(1000),
      };
    },
    dispose: () => clearInterval(heartbeat),
  };
}
