import "server-only";
import { nanoid } from "nanoid";
import type { NextRequest, NextResponse } from "next/server";
import { signSessionId } from "../../party/protocol";

/** The cookie that holds the browser's signed session id, shared by its tabs and read for first-paint counts. */
export const SESSION_COOKIE = "lr_sid";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** How the browser session cookie is set, wherever it is set (proxy and ticket route). */
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
