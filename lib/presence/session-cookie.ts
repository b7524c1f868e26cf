import "server-only";
import { nanoid } from "nanoid";
import type { NextRequest, NextResponse } from "next/server";
import { hmac } from "../../party/shared/signing";
import { signSessionId, verifySignedSessionId } from "../../party/shared/tickets";

/** The cookie that holds the browser's signed session id, shared by its tabs and read for first-paint counts. */
export const SESSION_COOKIE = "lr_sid";
/** Whom the session id was issued to (a person, or nobody signed in): a change means a new session id. */
export const SESSION_OWNER_COOKIE = "lr_sid_for";

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
    response.cookies.set(SESSION_COOKIE, await newSignedSessionId(secret), sessionCookieOptions());
  }
  return response;
}

export interface BrowserSession {
  /** The signed session id this browser uses from now on. */
  signedSessionId: string;
  /** The owner binding to store beside it. */
  ownerBinding: string;
}

const bindingOf = (secret: string, sessionId: string, owner: string) => hmac(secret, `owner:${sessionId}:${owner}`);

/**
 * The browser's session for whoever is signed in now. A session id belongs to one owner (a
 * person, or nobody): when someone signs in or out, the browser gets a new one, so nothing the
 * worker keeps of the anonymous browser carries over to the person, or back. The new id is
 * derived from the old one and the new owner, so tabs that ask at the same moment agree on it.
 */
export async function sessionFor(
  secret: string,
  cookies: { signedSessionId: string | undefined; ownerBinding: string | undefined },
  userId: string | null,
): Promise<BrowserSession> {
  const owner = userId ?? ANONYMOUS;
  const current = await verifySignedSessionId(secret, cookies.signedSessionId);
  if (!current) {
    const fresh = await newSignedSessionId(secret);
    return { signedSessionId: fresh, ownerBinding: await bindingOf(secret, fresh.slice(0, fresh.lastIndexOf(".")), owner) };
  }
  const binding = await bindingOf(secret, current, owner);
  // A first ticket for the id the proxy gave a new (anonymous) browser: bind it, keep it.
  const unbound = cookies.ownerBinding === undefined && owner === ANONYMOUS;
  if (cookies.ownerBinding === binding || unbound) return { signedSessionId: cookies.signedSessionId!, ownerBinding: binding };
  const next = (await hmac(secret, `rotate:${current}:${owner}`)).slice(0, 24);
  return { signedSessionId: await signSessionId(secret, next), ownerBinding: await bindingOf(secret, next, owner) };
}
