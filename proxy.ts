import NextAuth from "next-auth";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { authConfig } from "@/auth.config";
import { presenceSecret } from "@/lib/env";
import { issueSessionCookie } from "@/lib/presence/session-cookie";

const { auth } = NextAuth(authConfig);

/** Signed-out visitors can't open /settings (the page and its server action check auth() too). */
const settingsGuard = auth((request) => {
  if (!request.auth) return Response.redirect(new URL("/signin", request.nextUrl.origin));
});

/**
 * Runs before every page. Gives a first-time browser its signed session id with the first
 * page, so the tabs it opens all share it, and guards /settings. Only /settings pays for
 * reading the Auth.js session.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.nextUrl.pathname.startsWith("/settings")) {
    // Called as Next.js calls a proxy (request, event); its types only describe route handlers.
    const guarded = await settingsGuard(request, event as never);
    if (guarded) return guarded;
  }
  return issueSessionCookie(request, NextResponse.next(), presenceSecret());
}

export const config = { matcher: ["/((?!api/|_next/|favicon.ico|feed.xml).*)"] };
