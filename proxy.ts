import NextAuth from "next-auth";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { authConfig } from "@/auth.config";
import { presenceSecret } from "@/lib/env";
import { issueSessionCookie } from "@/lib/presence/session-cookie";

const { auth } = NextAuth(authConfig);

const GUARDED = ["/settings", "/desk"];

/**
 * Signed-out visitors can't open /settings or /desk (the pages, their routes and actions check
 * auth() too); a signed-in reader who is not an owner gets 403 at /desk.
 */
const guard = auth((request) => {
  if (!request.auth) return Response.redirect(new URL("/signin", request.nextUrl.origin));
  if (request.nextUrl.pathname.startsWith("/desk") && !request.auth.user?.owner) {
    return new Response("The desk is for the blog's owners.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
});

/**
 * Runs before every page. Gives a first-time browser its signed session id with the first
 * page, so the tabs it opens all share it, and guards /settings and /desk. Only they pay for
 * reading the Auth.js session.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (GUARDED.some((path) => request.nextUrl.pathname.startsWith(path))) {
    // Called as Next.js calls a proxy (request, event); its types only describe route handlers.
    const guarded = await guard(request, event as never);
    if (guarded) return guarded;
  }
  return issueSessionCookie(request, NextResponse.next(), presenceSecret());
}

export const config = { matcher: ["/((?!api/|_next/|favicon.ico|feed.xml).*)"] };
