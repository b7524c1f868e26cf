// Sockets and requests through the worker's real entry, inside workerd: what a browser (or an
// attacker's script) sends, with tickets signed as the app signs them.
import { exports } from "cloudflare:workers";
import { SignJWT } from "jose";
import { HEARTBEAT_PING, HEARTBEAT_PONG } from "../../../party/shared/protocol";
import { newSessionId, PRESENCE_TOKEN_AUDIENCE, PRESENCE_TOKEN_ISSUER, signSessionId } from "../../../party/shared/tickets";
import { TEST_ORIGIN, TEST_SECRET } from "./vars";

const BASE = "http://presence.test";

/** A fresh browser session id (or the given one), signed as the app signs it. */
export async function signedSessionId(id = newSessionId(), secret = TEST_SECRET): Promise<string> {
  return signSessionId(secret, id);
}

export const sessionIdOf = (signed: string) => signed.slice(0, signed.lastIndexOf("."));

export interface TokenOptions {
  /** The signed session id the token is for. */
  sid: string;
  userId: string;
  name?: string;
  visible?: boolean;
  epoch?: number;
  owner?: boolean;
  secret?: string;
  expiresInSeconds?: number;
  issuedAtSecondsAgo?: number;
  /** Claims to leave out or replace, to forge bad tokens. */
  claims?: Record<string, unknown>;
}

/** A presence token as the app mints it, every part overridable. */
export async function presenceToken(options: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sid: sessionIdOf(options.sid),
    name: options.name ?? `Reader ${options.userId}`,
    picture: null,
    visible: options.visible ?? true,
    epoch: options.epoch ?? 0,
    ...(options.owner ? { owner: true } : {}),
    ...options.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.userId)
    .setIssuer(PRESENCE_TOKEN_ISSUER)
    .setAudience(PRESENCE_TOKEN_AUDIENCE)
    .setIssuedAt(now - (options.issuedAtSecondsAgo ?? 0))
    .setExpirationTime(now + (options.expiresInSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

export interface TestSocket {
  ws: WebSocket;
  /** Every JSON frame received, in order (pongs aside). */
  frames: Record<string, unknown>[];
  pongs: number;
  closed: Promise<{ code: number; reason: string }>;
  /** The next frame (after those already taken by `next`) that matches. */
  next: (predicate?: (frame: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  send: (message: unknown) => void;
  ping: () => void;
  close: (code?: number, reason?: string) => void;
}

export interface OpenOptions {
  sid?: string;
  token?: string;
  origin?: string | null;
  query?: Record<string, string>;
  userAgent?: string;
}

function socketRequest(path: string, { sid, token, origin = TEST_ORIGIN, query = {}, userAgent }: OpenOptions & { sid: string }): Request {
  const url = new URL(path, BASE);
  url.searchParams.set("sid", sid);
  if (token) url.searchParams.set("token", token);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = { Upgrade: "websocket" };
  if (origin !== null) headers.Origin = origin;
  if (userAgent) headers["User-Agent"] = userAgent;
  return new Request(url, { headers });
}

/** The status an upgrade gets (101 when the socket opens; it is closed at once). */
export async function upgradeStatus(path: string, options: OpenOptions = {}): Promise<number> {
  const response = await exports.default.fetch(socketRequest(path, { ...options, sid: options.sid ?? (await signedSessionId()) }));
  response.webSocket?.accept();
  response.webSocket?.close(1000);
  return response.status;
}

/** Opens a socket like a tab would (or, with options, like a script). Throws on any refusal. */
export async function openSocket(path: string, options: OpenOptions = {}): Promise<TestSocket> {
  const response = await exports.default.fetch(socketRequest(path, { ...options, sid: options.sid ?? (await signedSessionId()) }));
  const ws = response.webSocket;
  if (response.status !== 101 || !ws) throw new Error(`upgrade refused: ${response.status} ${await response.text()}`);
  const frames: Record<string, unknown>[] = [];
  let taken = 0;
  let seq = 0;
  const waiters = new Set<() => void>();
  const socket: TestSocket = {
    ws,
    frames,
    pongs: 0,
    closed: new Promise((resolve) => ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }))),
    next: (predicate = () => true, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          while (taken < frames.length) {
            const frame = frames[taken++]!;
            if (predicate(frame)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(frame);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(-5))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    // Objects are numbered as the app's sockets number them (hooks/send-message.ts).
    send: (message) => ws.send(typeof message === "string" ? message : JSON.stringify({ seq: seq++, ...(message as object) })),
    ping: () => ws.send(HEARTBEAT_PING),
    close: (code = 1000, reason = "bye") => ws.close(code, reason),
  };
  ws.addEventListener("message", (event) => {
    if (event.data === HEARTBEAT_PONG) {
      socket.pongs++;
      return;
    }
    try {
      frames.push(JSON.parse(String(event.data)) as Record<string, unknown>);
    } catch {
      // workerd garbles a frame now and then under a heartbeat flood; kept, never thrown.
      frames.push({ type: "not-json" });
    }
    for (const waiter of [...waiters]) waiter();
  });
  ws.accept();
  return socket;
}

/**
 * Keeps a socket's heartbeat going (as a live tab does) until the returned stop is called: a beat
 * every 400-900 ms at random, well inside the tests' ghost time. Steady beats this often would
 * look like a flood now and then (party/core/liveness.ts); a tab's 5 s never does.
 */
export function keepAlive(sockets: TestSocket[]): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const beat = () => {
    for (const socket of sockets) if (socket.ws.readyState === WebSocket.OPEN) socket.ping();
    timer = setTimeout(beat, 400 + Math.random() * 500);
  };
  timer = setTimeout(beat, 400 + Math.random() * 500);
  return () => clearTimeout(timer);
}

export function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, BASE), init));
}

/** Polls until `check` stops throwing (an `expect` inside it), like Playwright's toPass. */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 5_000, everyMs = 25 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

/** How the socket closed, or that it is still open after `ms`. */
export const closeWithin = (socket: TestSocket, ms: number) => Promise.race([socket.closed, sleep(ms).then(() => ({ code: `still open after ${ms} ms`, reason: "" }))]);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
