import "server-only";
import { cookies } from "next/headers";
import { SESSION_COOKIE, sessionCookieOptions } from "./session-cookie";
import { issueTicket, type TicketUser } from "./ticket";

export interface PresenceTicketRouteOptions {
  /** PRESENCE_SECRET, the one the worker has; read per request, so a build needs no secret. */
  secret: () => string;
  /** The signed-in reader, or null. Leave out on a blog without sign-in: every reader is anonymous. */
  currentUser?: () => Promise<TicketUser | null>;
}

/**
 * The GET handler of a blog's ticket route (`/api/presence/ticket`): what a presence socket
 * needs to (re)connect, the browser's signed session id (kept in a cookie, so all tabs share
 * it) and, when signed in, a fresh presence token (5 minutes at most).
 */
export function createPresenceTicketRoute({ secret, currentUser }: PresenceTicketRouteOptions): () => Promise<Response> {
  return async function GET() {
    const user = currentUser ? await currentUser() : null;
    const cookieStore = await cookies();
    const ticket = await issueTicket(secret(), { signedSessionId: cookieStore.get(SESSION_COOKIE)?.value, user });
    cookieStore.set(SESSION_COOKIE, ticket.sid, sessionCookieOptions());
    return Response.json(ticket, { headers: { "Cache-Control": "no-store" } });
  };
}
