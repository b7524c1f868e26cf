import "server-only";
import { nanoid } from "nanoid";
import type { NextRequest, NextResponse } from "next/server";
import { hmac } from "../../party/shared/signing";
import { signContinuation, signSessionId, verifySignedSessionId } from "../../party/shared/tickets";

/** The cookie that holds the browser's signed session id, shared by its tabs and read for first-paint counts. */
export const SESSION_COOKIE = "lr_sid";
/** Whom the session id was issued to (a person, or nobody signed in): a change means a new session id. */
export const SESSION_OWNER_COOKIE = "lr_sid_for";
/**
 * The browser's first signed session id, kept when the session id changes: the worker puts all
 * of a browser's sockets in the shard it names, so old and new sessions meet in one object.
 * It routes; it identifies nobody to anyone.
 */
export const SESSION_ROUTE_COOKIE = "lr_route";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;
const ANONYMOUS = "anonymous";

/** How the browser session cookies are set, wherever they are set (proxy and ticket route). */
export const sessionCookieOptions = () => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: process.env.NODE_ENV === "production" && !process.env.SITE_URL?.startsWith("http://"),
  path: "/",
  maxAge: ONE_YEAR_SECONDS,
});

/** A new browser session id, signed with the presence secret so the worker can tell it was issued here. */
export const newSignedSessionId = (secret: string) => signSessionId(secret, nanoid(24));

/**
 * For a proxy (proxy.ts): gives a first-time browser its signed session id with the first
 * page, so the tabs it opens at once share it (otherwise each tab's first ticket is a new id).
 */
export async function issueSessionCookie(request: NextRequest, response: NextResponse, secret: string): Promise<NextResponse> {
  if (!request.cookies.has(SESSION_COOKIE)) {
    const signed = await newSignedSessionId(secret);
    response.cookies.set(SESSION_COOKIE, signed, sessionCookieOptions());
    if (!request.cookies.has(SESSION_ROUTE_COOKIE)) response.cookies.set(SESSION_ROUTE_COOKIE, signed, sessionCookieOptions());
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
  /** The browser's route (see SESSION_ROUTE_COOKIE). */
  route: string;
}

const bindingOf = (secret: string, sessionId: string, owner: string) => hmac(secret, `owner:${sessionId}:${owner}`);
const rotated = async (secret: string, sessionId: string, owner: string) => (await hmac(secret, `rotate:${sessionId}:${owner}`)).slice(0, 24);
const idOf = (signed: string) => signed.slice(0, signed.lastIndexOf("."));

/**
 * The browser's session for whoever is signed in now. A session id belongs to one owner (a
 * person, or nobody): when someone signs in or out, the browser gets a new one, so nothing the
 * worker keeps of the anonymous browser carries over to the person, or back. The new id is
 * derived from the old one and the new owner, so tabs that ask at the same moment agree on it.
 */
export async function sessionFor(
  secret: string,
  cookies: { signedSessionId: string | undefined; ownerBinding: string | undefined; route?: string | undefined },
  userId: string | null,
  /** The signed session id the asking tab used last, if any. */
  tabSessionId?: string | null,
): Promise<BrowserSession> {
  const owner = userId ?? ANONYMOUS;
  const current = await verifySignedSessionId(secret, cookies.signedSessionId);
  let session: Omit<BrowserSession, "continues" | "route">;
  if (!current) {
    const fresh = await newSignedSessionId(secret);
    session = { signedSessionId: fresh, ownerBinding: await bindingOf(secret, idOf(fresh), owner) };
  } else {
    const binding = await bindingOf(secret, current, owner);
    // A first ticket for the id the proxy gave a new (anonymous) browser: bind it, keep it.
    const unbound = cookies.ownerBinding === undefined && owner === ANONYMOUS;
    if (cookies.ownerBinding === binding || unbound) {
      session = { signedSessionId: cookies.signedSessionId!, ownerBinding: binding };
    } else {
      const next = await rotated(secret, current, owner);
      session = { signedSessionId: await signSessionId(secret, next), ownerBinding: await bindingOf(secret, next, owner) };
    }
  }
  const route = (await verifySignedSessionId(secret, cookies.route)) ? cookies.route! : session.signedSessionId;
  return { ...session, route, continues: await continuation(secret, tabSessionId, idOf(session.signedSessionId), owner) };
}

/**
 * The tab had another session id, and the browser's is the one that id rotates to for this
 * owner (this request rotated it, or a tab asking a moment earlier did): the new continues the old.
 */
async function continuation(secret: string, tabSessionId: string | null | undefined, sessionId: string, owner: string): Promise<string | null> {
  const previous = await verifySignedSessionId(secret, tabSessionId);
  if (!previous || previous === sessionId || (await rotated(secret, previous, owner)) !== sessionId) return null;
  return signContinuation(secret, previous, sessionId);
}
