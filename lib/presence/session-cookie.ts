import "server-only";
import type { NextRequest, NextResponse } from "next/server";
import { hmac } from "../../party/shared/signing";
import {
  newSessionId,
  SESSION_ID_MAX_AGE_SECONDS,
  SESSION_ID_RENEW_AGE_SECONDS,
  sessionIdParts,
  signContinuation,
  signSessionId,
  verifySignedSessionId,
} from "../../party/shared/tickets";

/** The cookie that holds the browser's signed session id, shared by its tabs and read for first-paint counts. */
export const SESSION_COOKIE = "lr_sid";
/** Whom the session id was issued to (a person, or nobody signed in): a change means a new session id. */
export const SESSION_OWNER_COOKIE = "lr_sid_for";
/** Earlier versions kept the browser's first session id here for a year, to pick its shard; deleted where still found. */
export const RETIRED_ROUTE_COOKIE = "lr_route";

const ANONYMOUS = "anonymous";

/**
 * How the browser session cookies are set, wherever they are set (proxy and ticket route): they
 * end when the session id they go with does (a day after it was issued, at most).
 */
export const sessionCookieOptions = (signedSessionId: string, now = Date.now()) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: process.env.NODE_ENV === "production" && !process.env.SITE_URL?.startsWith("http://"),
  path: "/",
  maxAge: Math.max(0, Math.floor(((sessionIdParts(idOf(signedSessionId))?.issuedAt ?? 0) + SESSION_ID_MAX_AGE_SECONDS * 1000 - now) / 1000)),
});

/** A new browser session id, signed with the presence secret so the worker can tell it was issued here. */
export const newSignedSessionId = (secret: string) => signSessionId(secret, newSessionId());

/**
 * For a proxy (proxy.ts): gives a first-time browser its signed session id with the first
 * page, so the tabs it opens at once share it (otherwise each tab's first ticket is a new id).
 */
export async function issueSessionCookie(request: NextRequest, response: NextResponse, secret: string): Promise<NextResponse> {
  if (!request.cookies.has(SESSION_COOKIE)) {
    const signed = await newSignedSessionId(secret);
    response.cookies.set(SESSION_COOKIE, signed, sessionCookieOptions(signed));
  }
  return response;
}

export interface BrowserSession {
  /** The signed session id this browser uses from now on. */
  signedSessionId: string;
  /** The owner binding to store beside it. */
  ownerBinding: string;
  /** When the id changed from the one the asking tab had: proof for the worker that the new continues the old. */
  continues: string | null;
  /** When the id is due for renewal (ms): a ticket asked for from then on carries its successor. */
  renewAt: number;
}

const bindingOf = (secret: string, sessionId: string, owner: string) => hmac(secret, `owner:${sessionId}:${owner}`);
const idOf = (signed: string) => signed.slice(0, signed.lastIndexOf("."));
const RANDOM_LENGTH = 22;

/**
 * The ids that take over from a session id keep its bucket (so they meet its sockets in one
 * shard) and are derived from it with the secret, so tabs that ask at the same moment agree.
 * At a sign-in or out it is a new id of the same age; at renewal, one issued RENEW_AGE later.
 */
async function rotated(secret: string, sessionId: string, owner: string): Promise<string> {
  const { issuedAt, bucket } = sessionIdParts(sessionId)!;
  return newSessionId({ issuedAt, bucket, random: (await hmac(secret, `rotate:${sessionId}:${owner}`)).slice(0, RANDOM_LENGTH) });
}
async function renewed(secret: string, sessionId: string): Promise<string> {
  const { issuedAt, bucket } = sessionIdParts(sessionId)!;
  const random = (await hmac(secret, `renew:${sessionId}`)).slice(0, RANDOM_LENGTH);
  return newSessionId({ issuedAt: issuedAt + SESSION_ID_RENEW_AGE_SECONDS * 1000, bucket, random });
}
const renewAtOf = (sessionId: string) => sessionIdParts(sessionId)!.issuedAt + SESSION_ID_RENEW_AGE_SECONDS * 1000;

/**
 * The browser's session for whoever is signed in now. A session id belongs to one owner (a
 * person, or nobody): when someone signs in or out, the browser gets a new one, so nothing the
 * worker keeps of the anonymous browser carries over to the person, or back. An id lives a day
 * at most: from RENEW_AGE on, the browser gets its successor. New ids are derived from the old
 * one, so tabs that ask at the same moment agree on them.
 */
export async function sessionFor(
  secret: string,
  cookies: { signedSessionId: string | undefined; ownerBinding: string | undefined },
  userId: string | null,
  /** The signed session id the asking tab used last, if any. */
  tabSessionId?: string | null,
  now = Date.now(),
): Promise<BrowserSession> {
  const owner = userId ?? ANONYMOUS;
  const current = await verifySignedSessionId(secret, cookies.signedSessionId, now);
  let sessionId: string;
  if (!current) sessionId = newSessionId({ issuedAt: now });
  else {
    // A first ticket for the id the proxy gave a new (anonymous) browser: bind it, keep it.
    const unbound = cookies.ownerBinding === undefined && owner === ANONYMOUS;
    sessionId = unbound || cookies.ownerBinding === (await bindingOf(secret, current, owner)) ? current : await rotated(secret, current, owner);
  }
  const renewing = now >= renewAtOf(sessionId);
  if (renewing) sessionId = await renewed(secret, sessionId);
  // The tab's last id; else, at a renewal, the cookie's (a page loaded again holds none, and its old socket lingers).
  const tabs = await verifySignedSessionId(secret, tabSessionId, now);
  const continues = (await continuation(secret, tabs, sessionId, owner)) ?? (renewing ? await continuation(secret, current, sessionId, owner) : null);
  return {
    signedSessionId: sessionId === current ? cookies.signedSessionId! : await signSessionId(secret, sessionId),
    ownerBinding: await bindingOf(secret, sessionId, owner),
    continues,
    renewAt: renewAtOf(sessionId),
  };
}

/**
 * The browser's id is the one `previous` rotates or renews to for this owner (this request
 * changed it, or a tab asking a moment earlier did): the new continues the old.
 */
async function continuation(secret: string, previous: string | null, sessionId: string, owner: string): Promise<string | null> {
  if (!previous || previous === sessionId) return null;
  const rotation = await rotated(secret, previous, owner);
  const successors = [rotation, await renewed(secret, previous), await renewed(secret, rotation)];
  return successors.includes(sessionId) ? signContinuation(secret, previous, sessionId) : null;
}
