import "server-only";
import { cookies } from "next/headers";
import { RETIRED_ROUTE_COOKIE, SESSION_COOKIE, SESSION_OWNER_COOKIE, sessionCookieOptions, sessionFor } from "./session-cookie";
import { issueTicket, type TicketUser } from "./ticket";

export interface PresenceTicketRouteOptions {
  /** PRESENCE_SECRET, the one the worker has; read per request, so a build needs no secret. */
  secret: () => string;
  /** The signed-in reader, or null. Leave out on a blog without sign-in: every reader is anonymous. */
  currentUser?: () => Promise<TicketUser | null>;
  /** Tests only: count automated browsers as readers (they are counted nowhere otherwise). */
  countAutomatedBrowsers?: () => boolean;
}

/**
 * The GET handler of a blog's ticket route (`/api/presence/ticket`): what a presence socket
 * needs to (re)connect, the browser's signed session id (kept in a cookie, so all tabs share
 * it; a new one whenever someone signs in or out, and its successor once it is 20 hours old),
 * when to ask again for that successor and, when signed in, a fresh presence token (5 minutes
 * at most) bound to that session.
 */
export function createPresenceTicketRoute({ secret, currentUser, countAutomatedBrowsers }: PresenceTicketRouteOptions): (request: Request) => Promise<Response> {
  return async function GET(request: Request) {
    const user = currentUser ? await currentUser() : null;
    const cookieStore = await cookies();
    const session = await sessionFor(
      secret(),
      {
        signedSessionId: cookieStore.get(SESSION_COOKIE)?.value,
        ownerBinding: cookieStore.get(SESSION_OWNER_COOKIE)?.value,
      },
      user?.id ?? null,
      new URL(request.url).searchParams.get(TAB_SESSION_PARAM),
    );
    cookieStore.set(SESSION_COOKIE, session.signedSessionId, sessionCookieOptions(session.signedSessionId));
    cookieStore.set(SESSION_OWNER_COOKIE, session.ownerBinding, sessionCookieOptions(session.signedSessionId));
    if (cookieStore.has(RETIRED_ROUTE_COOKIE)) cookieStore.delete(RETIRED_ROUTE_COOKIE);
    const ticket = {
      ...(await issueTicket(secret(), session.signedSessionId, user)),
      continues: session.continues,
      renewIn: Math.max(1, Math.ceil((session.renewAt - Date.now()) / 1000)),
      ...(countAutomatedBrowsers?.() ? { countAutomated: true } : {}),
    };
    return Response.json(ticket, { headers: { "Cache-Control": "no-store" } });
  };
}

/** The query parameter in which a tab says which session id it had (see sessionFor). */
export const TAB_SESSION_PARAM = "from";
