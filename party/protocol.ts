// The one protocol module shared by the presence worker and the app.
// Both sides safeParse what they receive and drop what fails.
import { z } from "zod";

/** Frames larger than this are dropped unread. */
export const MAX_FRAME_BYTES = 1024;

/** A browser session id: a nanoid issued (signed) by the app in an httpOnly cookie, shared by the browser's tabs. */
export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** Post slugs as they appear in content/posts file names. */
export const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(120);

export const progressSchema = z.number().finite().min(0).max(1);

export const readerSchema = z.object({
  id: z.string(),
  label: z.string(),
  color: z.string(),
  image: z.string().nullable(),
  progress: progressSchema,
  /** false: idle (tab hidden, or no input for a minute), shown dimmed. */
  active: z.boolean(),
});
export type Reader = z.infer<typeof readerSchema>;

/** Live readers per post, as pushed by the lobby. Posts with nobody reading are omitted. */
export const readingCountsSchema = z.record(z.string(), z.number().int().nonnegative());
export type ReadingCounts = z.infer<typeof readingCountsSchema>;

/** A signed-in, visible person online now, and the post they are on (null: elsewhere on the site). */
export const onlinePersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string().nullable(),
  reading: slugSchema.nullable(),
  /** false: idle on every device (tabs hidden, or no input for a minute). */
  active: z.boolean(),
});
export type OnlinePerson = z.infer<typeof onlinePersonSchema>;

/** A tab says whether its reader is active (visible, with input in the last minute) or idle. */
const activityMessageSchema = z.object({ type: z.literal("activity"), active: z.boolean() });

// ---- site presence (footer count, home counts and ranking) ----


export const siteServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("site-snapshot"),
    online: z.number().int().nonnegative(),
    /** Readers with at least one active tab. */
    active: z.number().int().nonnegative(),
    reading: readingCountsSchema,
    /** null when this viewer may not see the list (the owner limited it to signed-in readers). */
    people: z.array(onlinePersonSchema).nullable(),
  }),
  z.object({ type: z.literal("online"), online: z.number().int().nonnegative(), active: z.number().int().nonnegative() }),
  z.object({ type: z.literal("reading"), reading: readingCountsSchema }),
  z.object({ type: z.literal("people-diff"), upserts: z.array(onlinePersonSchema), removed: z.array(z.string()) }),
  /** Who you are changed elsewhere (e.g. "show me as online" switched): fetch a new ticket and reconnect. */
  z.object({ type: z.literal("identity-stale") }),
]);
export type SiteServerMessage = z.infer<typeof siteServerMessageSchema>;


/**
 * What GET /parties/site/<shard>?sid=… answers, used by the app for the first paint.
 * `includesSession` says whether the asking browser is already counted in `online`.
 */
export const siteSummarySchema = z.object({
  online: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  reading: readingCountsSchema,
  includesSession: z.boolean(),
  /** Only when the owner made the list public; otherwise null. */
  people: z.array(onlinePersonSchema).nullable(),
});
export type SiteSummary = z.infer<typeof siteSummarySchema>;

export const siteClientMessageSchema = z.discriminatedUnion("type", [
  /** Which post this tab shows, so /online can say what people are reading. */
  z.object({ type: z.literal("location"), slug: slugSchema.nullable() }),
  activityMessageSchema,
]);
export type SiteClientMessage = z.infer<typeof siteClientMessageSchema>;

// ---- article rooms (who is reading a post, and how far) ----

export const articleClientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), progress: progressSchema }),
  activityMessageSchema,
]);
export type ArticleClientMessage = z.infer<typeof articleClientMessageSchema>;

export const articleServerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("room-snapshot"), you: z.string(), readers: z.array(readerSchema) }),
  z.object({
    type: z.literal("room-diff"),
    /** Readers who are new or changed beyond their place (name, look, active/idle). */
    upserts: z.array(readerSchema),
    /** Readers who only moved: public id -> new progress. Most of a busy room's traffic. */
    moved: z.record(z.string(), progressSchema).default({}),
    removed: z.array(z.string()),
  }),
]);
export type ArticleServerMessage = z.infer<typeof articleServerMessageSchema>;

// ---- liveness ----

/** Heartbeat frames: clients send the ping, the runtime answers without waking the object. */
export const HEARTBEAT_PING = "ping";
export const HEARTBEAT_PONG = "pong";
/** The close code the app's sockets send when they leave on purpose: no grace window. */
export const GOODBYE_CLOSE_CODE = 1000;

/** Parses a raw frame; returns null for anything oversized, non-JSON or off-schema. */
export function parseFrame<T>(schema: z.ZodType<T>, raw: unknown, maxLength = MAX_FRAME_BYTES): T | null {
  if (typeof raw !== "string" || raw.length > maxLength) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = schema.safeParse(data);
  return result.success ? result.data : null;
}

// ---- identity: the presence ticket the app issues and the worker checks ----

export const PRESENCE_TOKEN_ISSUER = "live-readers-app";
export const PRESENCE_TOKEN_AUDIENCE = "live-readers-presence";
/** Presence tokens live at most this long; a socket fetches a fresh one at every (re)connect. */
export const PRESENCE_TOKEN_MAX_AGE_SECONDS = 300;

/** Claims of a presence token, beyond iss/aud/iat/exp. `sub` is the user id. */
export const presenceTokenClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().max(100),
  picture: z.string().url().max(500).nullable(),
  /** "Show me as online": false means counted, but only ever shown as an anonymous reader. */
  visible: z.boolean(),
});
export type PresenceTokenClaims = z.infer<typeof presenceTokenClaimsSchema>;

/** What the app's ticket endpoint answers: a signed session id, and a token when signed in. */
export const presenceTicketSchema = z.object({
  sid: z.string().max(200),
  token: z.string().max(4000).nullable(),
});
export type PresenceTicket = z.infer<typeof presenceTicketSchema>;

// ---- signed values (session ids, worker-to-app calls): HMAC-SHA256, base64url ----

function base64Url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
}

export async function hmac(secret: string, message: string): Promise<string> {
  return base64Url(await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(message)));
}

/** Compares in time independent of where the strings differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A session id as the app issues it: `<id>.<hmac("sid:" + id)>`. */
export async function signSessionId(secret: string, sessionId: string): Promise<string> {
  return `${sessionId}.${await hmac(secret, `sid:${sessionId}`)}`;
}

/** The session id inside a signed one, or null when the signature is wrong or the id malformed. */
export async function verifySignedSessionId(secret: string, signed: unknown): Promise<string | null> {
  if (typeof signed !== "string" || signed.length > 200) return null;
  const dot = signed.lastIndexOf(".");
  const sessionId = signed.slice(0, dot);
  if (dot < 0 || !sessionIdSchema.safeParse(sessionId).success) return null;
  const expected = await hmac(secret, `sid:${sessionId}`);
  return timingSafeEqual(signed.slice(dot + 1), expected) ? sessionId : null;
}

/** Headers of a signed worker-to-app call: HMAC over `<timestamp>.<body>`. */
export const SIGNATURE_HEADER = "x-presence-signature";
export const TIMESTAMP_HEADER = "x-presence-timestamp";
/** Signed calls older than this (or this far in the future) are refused as replays. */
export const SIGNED_CALL_MAX_AGE_MS = 60_000;

export async function signCall(secret: string, body: string, timestampMs: number): Promise<string> {
  return hmac(secret, `${timestampMs}.${body}`);
}

export async function verifyCall(
  secret: string,
  body: string,
  timestampHeader: string | null,
  signatureHeader: string | null,
  nowMs: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const timestamp = Number(timestampHeader);
  if (!timestampHeader || !Number.isSafeInteger(timestamp)) return { ok: false, reason: "missing timestamp" };
  if (Math.abs(nowMs - timestamp) > SIGNED_CALL_MAX_AGE_MS) return { ok: false, reason: "stale timestamp" };
  if (!signatureHeader) return { ok: false, reason: "missing signature" };
  const expected = await signCall(secret, body, timestamp);
  return timingSafeEqual(signatureHeader, expected) ? { ok: true } : { ok: false, reason: "bad signature" };
}

/** The worker's internal (signed) calls, made by the app. */
export const INTERNAL_PATHS = {
  identityChanged: "/internal/identity-changed",
  people: "/internal/people",
  totals: "/internal/totals",
  statusStream: "/internal/status-stream",
} as const;

/** What a signed GET call signs in place of a body: its method and path. */
export const signedGetPayload = (path: string) => `GET ${path}`;

// ---- last-seen reports from the worker to the app ----

export const lastSeenBatchSchema = z.object({
  batchId: z.string().min(1).max(100),
  entries: z
    .array(z.object({ userId: z.string().min(1).max(200), seenAt: z.number().int().positive() }))
    .min(1)
    .max(500),
});
export type LastSeenBatch = z.infer<typeof lastSeenBatchSchema>;
