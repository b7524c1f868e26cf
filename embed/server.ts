import "server-only";
// The server half for another Next.js blog (see docs/embedding.md): its ticket route, signed
// with the PRESENCE_SECRET it shares with the presence worker, and the two routes the worker
// calls (last seen, reading insights). This blog uses the same modules.

export { createPresenceTicketRoute, type PresenceTicketRouteOptions } from "../lib/presence/ticket-route";
export { issueTicket, mintPresenceToken, type TicketUser } from "../lib/presence/ticket";
export {
  issueSessionCookie,
  newSignedSessionId,
  SESSION_COOKIE,
  SESSION_OWNER_COOKIE,
  sessionCookieOptions,
  sessionFor,
} from "../lib/presence/session-cookie";
export { createInsightsRoute, createLastSeenRoute, type LastSeenEntry } from "../lib/presence/signed-batch-route";
