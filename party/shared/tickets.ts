// The presence ticket: what the app issues and the worker's entry checks before any socket
// opens. A signed browser-session id, and for signed-in people a short-lived token.
import * as z from "zod/mini";
import { hmac, verifyHmac } from "./signing";

/** A browser session id: a nanoid issued (signed) by the app in an httpOnly cookie, shared by the browser's tabs. */
export const sessionIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/));
/** Longest signed session id anyone may send (the id, a dot, a 43-character signature). */
export const MAX_SIGNED_SESSION_ID_LENGTH = 120;

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

/** The session id inside a signed one, or null when the signature is wrong or the id malformed. */
export async function verifySignedSessionId(secret: string, signed: unknown): Promise<string | null> {
  if (typeof signed !== "string" || signed.length > MAX_SIGNED_SESSION_ID_LENGTH) return null;
  const dot = signed.lastIndexOf(".");
  const sessionId = signed.slice(0, dot);
  if (dot < 0 || !sessionIdSchema.safeParse(sessionId).success) return null;
  return (await verifyHmac(secret, `sid:${sessionId}`, signed.slice(dot + 1))) ? sessionId : null;
}

/**
 * "Session `next` continues session `previous`": issued by the app when a browser's session id
 * changes because someone signed in or out, so the worker counts old and new as one reader
 * while the old sockets are still open. `<previous>.<hmac>`, bound to `next`.
 */
export async function signContinuation(secret: string, previous: string, next: string): Promise<string> {
  return `${previous}.${await hmac(secret, `continues:${previous}:${next}`)}`;
}

/** The session a continuation names, if it was issued for `next`; else null. */
export async function verifyContinuation(secret: string, continuation: unknown, next: string): Promise<string | null> {
  if (typeof continuation !== "string" || continuation.length > MAX_SIGNED_SESSION_ID_LENGTH) return null;
  const dot = continuation.lastIndexOf(".");
  const previous = continuation.slice(0, dot);
  if (dot < 0 || previous === next || !sessionIdSchema.safeParse(previous).success) return null;
  return (await verifyHmac(secret, `continues:${previous}:${next}`, continuation.slice(dot + 1))) ? previous : null;
}
