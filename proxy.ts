import NextAuth from "next-auth";
import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import { authConfig } from "@/auth.config";
import { presenceSecret } from "@/lib/env";
import { issueSessionCookie } from "@/lib/presence/session-cookie";
import { signInPath } from "@/lib/return-path";

const { auth } = NextAuth(authConfig);

const GUARDED = ["/settings", "/desk"];

type Refusal = "signed-out" | "not-owner";

/**
 * Signed-out visitors can't open /settings or /desk (the pages, their routes and actions check
 * auth() too); a signed-in reader who is not an owner gets 403 at /desk.
 *
 * Only the verdict is taken from Auth.js. Its own answer re-sets the session cookie (a rolling
 * expiry), and an answer that reaches the browser after a sign-out (a prefetch in flight, another
 * tab) would sign the reader back in.
 */
async function refusalFor(request: NextRequest, event: NextFetchEvent): Promise<Refusal | null> {
  let refusal: Refusal | null = null;
  const judge = auth((authed) => {
    if (!authed.auth) refusal = "signed-out";
    else if (authed.nextUrl.pathname.startsWith("/desk") && !authed.auth.user?.owner) refusal = "not-owner";
  });
  // Called as Next.js calls a proxy (request, event); its types only describe route handlers.
  await judge(request, event as never);
  return refusal;
}

/**
 * Runs before every page. Gives a first-time browser its signed session id with the first
 * page, so the tabs it opens all share it, and guards /settings and /desk. Only they pay for
 * reading the Auth.js session.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const refusal = GUARDED.some((path) => request.nextUrl.pathname.startsWith(path)) ? await refusalFor(request, event) : null;
  if (refusal === "signed-out") {
    // A page asked for comes back after sign-in; a call (a server action's POST) can't be replayed.
    const back = request.method === "GET" ? `${request.nextUrl.pathname}${request.nextUrl.search}` : "/";
    return Response.redirect(new URL(signInPath(back), request.nextUrl.origin));
  }
  if (refusal === "not-owner") {
    return new Response("The desk is for the blog's owners.", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return issueSessionCookie(request, NextResponse.next(), presenceSecret());
}

export const config = { matcher: ["/((?!api/|_next/|favicon.ico|icon.svg|feed.xml).*)"] };
