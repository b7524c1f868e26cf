// The page's first presence ticket, asked for by its inline script (early-presence.ts) while the
// JavaScript is still on its way: the sockets that script opened were opened with it, and a
// socket's first connect may take it instead of asking the route again.
import { earlyPresence } from "./early-presence";

/** Older than this, the early ticket is left unused by a new connect (a socket renews its token counting from its own opening). */
const EARLY_TICKET_MAX_AGE_MS = 10_000;

/**
 * The page's early ticket request for `ticketUrl`, unless dropped; `fresh` (a new connect): only
 * while it is recent. A socket the inline script opened with it takes it whatever its age.
 */
export function earlyTicketResponse(ticketUrl: string, { fresh }: { fresh: boolean }): Promise<unknown> | null {
  const early = earlyPresence(ticketUrl);
  if (!early?.ticket) return null;
  return !fresh || Date.now() - early.at < EARLY_TICKET_MAX_AGE_MS ? early.ticket : null;
}

/** From now on every ticket comes from the route itself. */
export function dropEarlyTicket(): void {
  const early = earlyPresence();
  if (early) delete early.ticket;
}
