// What the tests watch besides sockets: the site's summary, the worker's outbound calls (the
// app's last-seen route, the owner's webhook), and the app's signed calls into the worker.
import { afterEach, expect, vi } from "vitest";
import { roomNameOf, siteIdOf } from "../../../party/config/sites";
import { INTERNAL_PATHS, signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../../party/shared/signed-calls";
import { eventually, get, keepAlive, openSocket, presenceToken, signedSessionId, type TestSocket } from "./sockets";
import { TEST_ORIGIN, TEST_SECRET } from "./vars";

export const SITE = "/parties/site/global";
export const POST = "/parties/article/how-live-presence-works";
export const OTHER_POST = "/parties/article/privacy-in-presence";
export const DESK = "/parties/desk/main";

/** The name of a post's room object on this blog (rooms belong to a site: `<slug>@<site>`). */
export const roomObjectName = (slug: string) => roomNameOf({ id: siteIdOf(TEST_ORIGIN) }, slug);

export interface Summary {
  online: number;
  active: number;
  reading: Record<string, number>;
  includesSession: boolean;
  people: { id: string; name: string; reading: string | null; active: boolean }[] | null;
  author: { kind: string; text: string; until: number } | null;
  record: { count: number; at: number } | null;
}

export async function summary(sid?: string): Promise<Summary> {
  const response = await get(sid ? `${SITE}?sid=${encodeURIComponent(sid)}` : SITE);
  expect(response.status).toBe(200);
  return response.json();
}

const opened: TestSocket[] = [];
const heartbeats: (() => void)[] = [];

/**
 * Remembers sockets so each test ends with every one closed and the site empty again. They beat
 * like a live tab's, unless `heartbeat: false` (a socket whose network went away).
 */
export function tracked<T extends TestSocket>(socket: T, { heartbeat = true } = {}): T {
  opened.push(socket);
  if (heartbeat) heartbeats.push(keepAlive([socket]));
  return socket;
}

/** An owner's desk socket, tracked; a fresh browser session unless `sid` names one. */
export async function openDesk({ sid, userId = "the-owner", expiresInSeconds }: { sid?: string; userId?: string; expiresInSeconds?: number } = {}): Promise<TestSocket> {
  const session = sid ?? (await signedSessionId());
  return tracked(await openSocket(DESK, { sid: session, token: await presenceToken({ sid: session, userId, claims: { owner: true }, expiresInSeconds }) }));
}

afterEach(async () => {
  for (const stop of heartbeats.splice(0)) stop();
  for (const socket of opened.splice(0)) if (socket.ws.readyState === WebSocket.OPEN) socket.close(1000, "test over");
  await eventually(async () => {
    const now = await summary();
    expect(now.online + Object.keys(now.reading).length).toBe(0);
  }, { timeoutMs: 10_000 });
  vi.restoreAllMocks();
});

export interface OutboundCall {
  url: string;
  at: number;
  body: unknown;
  headers: Headers;
}

/**
 * Watches the worker's outbound fetches (they run in this isolate). `answer` decides each
 * reply's status: 200 by default, 503 to play an app that is down.
 */
export function captureOutbound(answer: (url: string) => number = () => 200): OutboundCall[] {
  const calls: OutboundCall[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // Sites' sitemaps (how the worker learns its rooms) are served as ever.
    if (new URL(request.url).pathname.endsWith("/sitemap.xml")) return realFetch(request);
    const text = await request.text();
    calls.push({ url: request.url, at: Date.now(), body: text ? JSON.parse(text) : null, headers: request.headers });
    return new Response("{}", { status: answer(request.url) });
  });
  return calls;
}

/** Last-seen entries the app received, in order. */
export const lastSeenEntries = (calls: OutboundCall[]) =>
  calls
    .filter((call) => call.url.endsWith("/api/presence/last-seen"))
    .flatMap((call) => (call.body as { entries: { userId: string; seenAt: number }[] }).entries);

/** Status events the webhook received, in order. */
export const webhookEvents = (calls: OutboundCall[]) =>
  calls.filter((call) => call.url.startsWith("http://hooks.test")).flatMap((call) => (call.body as { events: { userId: string; status: string }[] }).events);

/** The app telling the worker that someone hid, showed themself, or signed out of a browser. */
export async function identityChanged(change: { userId: string; epoch: number; sessionId: string | null }): Promise<Response> {
  const body = JSON.stringify(change);
  const now = Date.now();
  return get(INTERNAL_PATHS.identityChanged, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(TEST_SECRET, body, now) },
  });
}
