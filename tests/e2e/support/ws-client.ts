import WebSocket from "ws";
import { newSessionId, signSessionId } from "@/party/shared/tickets";
import { SOCKET_QUERY } from "@/party/shared/wire-constants";
import { E2E_APP_URL, E2E_PRESENCE_SECRET, E2E_WORKER_URL } from "./ports";
import { presenceToken } from "./tokens";

/** A raw WebSocket client for probing the worker the way a hostile or buggy client would. */
export interface RawClient {
  socket: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  send: (data: string | Buffer) => void;
}

/** A session id signed with the e2e secret, as the app's ticket endpoint would issue it. */
export async function signedSessionId(id = newSessionId()): Promise<string> {
  return signSessionId(E2E_PRESENCE_SECRET, id);
}

function socketUrl(path: string, query: Record<string, string>, baseUrl = E2E_WORKER_URL): string {
  const url = new URL(path, baseUrl.replace("http", "ws"));
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

export interface ConnectOptions {
  query?: Record<string, string>;
  origin?: string;
  headers?: Record<string, string>;
  baseUrl?: string;
  /** Signed in as this person (a token bound to the socket's session is minted). */
  as?: { userId: string; name: string; visible?: boolean; epoch?: number };
}

/**
 * Opens a socket. A post's room that has no space left in its own object sends the socket to a
 * seat in a relay (a "room-moved" frame): like a tab, the client then connects again with the seat.
 */
export async function connect(path: string, options: ConnectOptions = {}): Promise<RawClient> {
  const sid = options.query?.sid ?? (await signedSessionId());
  const client = await open(path, { ...options, query: { sid, ...options.query } });
  if (!path.startsWith("/parties/article/")) return client;
  const first = await Promise.race([nextMessage(client), client.closed.then(() => null)]);
  if (!isRecord(first) || first.type !== "room-moved" || typeof first.seat !== "number") return client;
  client.socket.terminate();
  return open(path, { ...options, query: { sid, ...options.query, [SOCKET_QUERY.seat]: String(first.seat) } });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function nextMessage(client: RawClient): Promise<unknown> {
  if (client.messages.length > 0) return Promise.resolve(client.messages[0]);
  return new Promise((resolve) => client.socket.once("message", () => resolve(client.messages[0])));
}

async function open(path: string, { query = {}, origin = E2E_APP_URL, headers = {}, baseUrl = E2E_WORKER_URL, as }: ConnectOptions): Promise<RawClient> {
  const sid = query.sid ?? (await signedSessionId());
  const token: Record<string, string> = as ? { token: await presenceToken({ sid, sub: as.userId, name: as.name, visible: as.visible, epoch: as.epoch }) } : {};
  const fullQuery: Record<string, string> = { sid, ...token, ...query };
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl(path, fullQuery, baseUrl), { headers: { Origin: origin, ...headers } });
    const messages: unknown[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      socket.on("close", (code, reason) => done({ code, reason: reason.toString() })),
    );
    socket.on("message", (data) => {
      const text = data.toString();
      if (text !== "pong") messages.push(JSON.parse(text));
    });
    socket.on("open", () => resolve({ socket, messages, closed, send: (data) => socket.send(data) }));
    socket.on("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.on("error", reject);
  });
}

/** The HTTP status a WebSocket upgrade gets (101 when it opens; it is closed at once). */
export async function upgradeStatus(
  path: string,
  { query, headers = {} }: { query?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<number> {
  const fullQuery = query ?? { sid: await signedSessionId() };
  return new Promise((resolve) => {
    const socket = new WebSocket(socketUrl(path, fullQuery), { headers: { Origin: E2E_APP_URL, ...headers } });
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
    socket.on("error", () => resolve(0));
  });
}
