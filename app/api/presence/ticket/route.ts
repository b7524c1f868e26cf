import { cookies } from "next/headers";
import { auth } from "@/auth";
import { presenceSecret } from "@/lib/env";
import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/presence/session-cookie";
import { issueTicket } from "@/lib/presence/ticket";
import { ticketProfile } from "@/lib/presence/ticket-profile";

/**
 * GET /api/presence/ticket: what a presence socket needs to (re)connect: the browser's
 * signed session id and, when signed in, a fresh presence token (5 minutes at most).
 * Sockets fetch one at every (re)connect.
 */
export async function GET(): Promise<Response> {
  const session = await auth();
  const user = session?.user?.id ? { ...session.user, id: session.user.id } : null;
  const profile = user ? await ticketProfile(user) : null;
  const cookieStore = await cookies();
  const ticket = await issueTicket(presenceSecret(), {
    signedSessionId: cookieStore.get(SESSION_COOKIE)?.value,
    user: profile ? { id: profile.id, name: profile.name ?? "Reader", image: profile.image, showOnline: profile.showOnline } : null,
  });
  cookieStore.set(SESSION_COOKIE, ticket.sid, sessionCookieOptions());
  return Response.json(ticket, { headers: { "Cache-Control": "no-store" } });
}
