// The presence ticket: what the app issues and the worker's entry checks before any socket
// opens. A signed browser-session id, and for signed-in people a short-lived token.
import { base64url } from "jose";
import * as z from "zod/mini";
import { hmac, verifyHmac } from "./signing";

/**
 * A browser session id: `<issued>-<bucket>-<random>`, issued (signed) by the app in an httpOnly
 * cookie and shared by the browser's tabs. `issued` (seconds, base 36) lets anyone who checks the
 * signature refuse it a day later; `bucket` (00–63) picks the site shard (see siteShardFor) and
 * is handed on when the id changes, so old and new sockets meet in one shard. A bucket is shared
 * by one browser in 64: it routes, it identifies no one.
 */
const SESSION_ID = /^([0-9a-z]{6,7})-([0-5][0-9]|6[0-3])-([A-Za-z0-9_-]{16,32})$/;
export const sessionIdSchema = z.string().check(z.regex(SESSION_ID));
/** Longest signed session id anyone may send (the id, a dot, a 43-character signature). */
export const MAX_SIGNED_SESSION_ID_LENGTH = 120;

/** No session id lives longer than this: the worker refuses it, the app issues a new one, its cookie is gone. */
export const SESSION_ID_MAX_AGE_SECONDS = 24 * 60 * 60;
/** The app hands a browser a successor of its id from this age on (open tabs switch to it make-before-break). */
export const SESSION_ID_RENEW_AGE_SECONDS = 20 * 60 * 60;
/** Clocks of the app and the worker may differ this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How many routing buckets there are (SITE_SHARDS is at most this). */
export const SESSION_BUCKETS = 64;

export interface SessionIdParts {
  /** When the id was issued (ms, whole seconds). */
  issuedAt: number;
  /** Its routing bucket, 0 to SESSION_BUCKETS - 1. */
  bucket: number;
  /** 16 to 32 characters of base64url. */
  random: string;
}

/** A session id: fresh (now, a random bucket, 128 random bits) unless parts are given (a successor of another id). */
export function newSessionId({ issuedAt = Date.now(), bucket, random }: Partial<SessionIdParts> = {}): string {
  const bytes = crypto.getRandomValues(new Uint8Array(17));
  const issued = Math.floor(issuedAt / 1000).toString(36);
  return `${issued}-${String((bucket ?? bytes[16]!) % SESSION_BUCKETS).padStart(2, "0")}-${random ?? base64url.encode(bytes.subarray(0, 16))}`;
}

/** What a session id says of itself, or null when it is not one. */
export function sessionIdParts(sessionId: string): SessionIdParts | null {
  const match = SESSION_ID.exec(sessionId);
  if (!match) return null;
  return { issuedAt: parseInt(match[1]!, 36) * 1000, bucket: Number(match[2]), random: match[3]! };
}

/** Whether a session id may no longer be used (or is not one): issued more than a day ago, or in the future. */
export function sessionIdExpired(sessionId: string, now = Date.now()): boolean {
  const parts = sessionIdParts(sessionId);
  if (!parts) return true;
  return now - parts.issuedAt > SESSION_ID_MAX_AGE_SECONDS * 1000 + CLOCK_SKEW_MS || parts.issuedAt - now > CLOCK_SKEW_MS;
}

export const PRESENCE_TOKEN_ISSUER = "live-readers-app";
export const PRESENCE_TOKEN_AUDIENCE = "live-readers-presence";
export { PRESENCE_TOKEN_MAX_AGE_SECONDS } from "./wire-constants";
export const MAX_PRESENCE_TOKEN_LENGTH = 4000;

/** Claims of a presence token, beyond iss/aud/iat/exp. `sub` is the user id. */
export const presenceTokenClaimsSchema = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(200)),
  /** The browser session the token was issued to: a token is good only with that session's id. */
  sid: sessionIdSchema,
  name: z.string().check(z.maxLength(100)),
  picture: z.nullable(z.url().check(z.maxLength(500))),
  /** "Show me as online": false means counted, but only ever shown as an anonymous reader. */
  visible: z.boolean(),
  /** The person's privacy epoch: it grows each time they hide or show themself, withdrawing older tokens. */
  epoch: z.int().check(z.gte(0)),
  /** One of the blog's owners: may open the desk's socket. */
  owner: z.optional(z.boolean()),
  /** An owner who chose not to count in their own blog's figures: their sockets count nowhere. */
  uncounted: z.optional(z.boolean()),
});
export type PresenceTokenClaims = z.infer<typeof presenceTokenClaimsSchema>;

/** A session id as the app issues it: `<id>.<hmac("sid:" + id)>`. */
export async function signSessionId(secret: string, sessionId: string): Promise<string> {
  return `${sessionId}.${await hmac(secret, `sid:${sessionId}`)}`;
}

/** The session id inside a signed one, or null when the signature is wrong, the id malformed or more than a day old. */
export async function verifySignedSessionId(secret: string, signed: unknown, now = Date.now()): Promise<string | null> {
  if (typeof signed !== "string" || signed.length > MAX_SIGNED_SESSION_ID_LENGTH) return null;
  const dot = signed.lastIndexOf(".");
  const sessionId = signed.slice(0, dot);
  if (dot < 0 || sessionIdExpired(sessionId, now)) return null;
  return (await verifyHmac(secret, `sid:${sessionId}`, signed.slice(dot + 1))) ? sessionId : null;
}

/**
 * "Session `next` continues session `previous`": issued by the app when a browser's session id
 * changes because someone signed in or out, or the id was renewed, so the worker counts old and
 * new as one reader while the old sockets are still open. `<previous>.<hmac>`, bound to `next`.
 */
export async function signContinuation(secret: string, previous: string, next: string): Promise<string> {
  return `${previous}.${await hmac(secret, `continues:${previous}:${next}`)}`;
}

/** The session a continuation names, if it was issued for `next` and that session is less than a day old; else null. */
export async function verifyContinuation(secret: string, continuation: unknown, next: string, now = Date.now()): Promise<string | null> {
  if (typeof continuation !== "string" || continuation.length > MAX_SIGNED_SESSION_ID_LENGTH) return null;
  const dot = continuation.lastIndexOf(".");
  const previous = continuation.slice(0, dot);
  if (dot < 0 || previous === next || sessionIdExpired(previous, now)) return null;
  return (await verifyHmac(secret, `continues:${previous}:${next}`, continuation.slice(dot + 1))) ? previous : null;
}
