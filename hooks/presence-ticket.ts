import { isAutomatedBrowser } from "../party/shared/bots";
import type { PresenceTicket } from "../party/shared/protocol";
import { checkServerData, SERVER_FRAMES } from "../party/shared/server-frames";
import { SOCKET_QUERY } from "../party/shared/wire-constants";
import { dropEarlyTicket, earlyTicketResponse } from "./early-ticket";

/** Which connect of a socket asks: its first (`initial`), or a reconnect or replacement. */
export interface SocketConnect {
  initial: boolean;
}

let lastTicket: PresenceTicket | null = null;
/** When this tab got lastTicket (its renewIn counts from then). */
let lastTicketAt = 0;
let inFlight: Promise<PresenceTicket> | null = null;

/**
 * Fetches a fresh presence ticket from the blog's ticket route (signed session id, and a
 * presence token when signed in). Called at every (re)connect. If the blog can't be reached,
 * the last session id is reused without a token, so presence still works, anonymously.
 * `initial`: a socket's first connect, which may take the page's early ticket (early-ticket.ts)
 * until the tab asks the route itself (a reconnect, a new identity).
 */
export async function fetchPresenceTicket(ticketUrl: string, { initial = false } = {}): Promise<PresenceTicket> {
  const early = initial && !inFlight ? await takeEarlyTicket(ticketUrl, { fresh: true }) : null;
  if (early) return early;
  dropEarlyTicket();
  // The sockets of one tab share one request: on a first visit, two requests would
  // each be issued a different new session id.
  inFlight ??= requestTicket(ticketUrl).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/**
 * The page's early ticket (early-ticket.ts), checked, as this tab's ticket; null if its request
 * failed, it is off the protocol, or the tab has asked the route since. `fresh`: for a new
 * connect, which takes only a recent one.
 */
export async function takeEarlyTicket(ticketUrl: string, { fresh = false } = {}): Promise<PresenceTicket | null> {
  const early = earlyTicketResponse(ticketUrl, { fresh });
  if (!early) return null;
  const ticket = checkServerData(SERVER_FRAMES.ticket, await early);
  // Still the page's ticket: nothing asked the route for a newer one meanwhile.
  if (!ticket || earlyTicketResponse(ticketUrl, { fresh }) !== early) return null;
  lastTicket = ticket;
  lastTicketAt = Date.now();
  return ticket;
}

async function requestTicket(ticketUrl: string): Promise<PresenceTicket> {
  try {
    // The session id this tab had: after a sign-in or out the route proves the new one continues it.
    const url = new URL(ticketUrl, window.location.href);
    if (lastTicket) url.searchParams.set("from", lastTicket.sid);
    const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    const ticket = checkServerData(SERVER_FRAMES.ticket, await response.json());
    if (!response.ok || !ticket) throw new Error(`ticket refused (${response.status})`);
    lastTicket = withKeptContinuation(ticket, lastTicket);
    lastTicketAt = Date.now();
    return lastTicket;
  } catch (error) {
    if (!lastTicket) throw error;
    // Anonymously, and with no renewal date: one due now would be retried at every open while the app is down.
    lastTicket = { ...lastTicket, renewIn: undefined };
    return { ...lastTicket, token: null, continues: null };
  }
}

/**
 * The app proves "the new session id continues the old" to a request that names the old id.
 * From then on this tab names the new id, and its answers carry no proof; yet every later
 * socket it opens with the new id (the other live part, a second replacement, a reconnect)
 * must carry it, or the worker counts old and new as two readers until the old sockets are gone.
 */
function withKeptContinuation(ticket: PresenceTicket, previous: PresenceTicket | null): PresenceTicket {
  return ticket.continues == null && previous?.sid === ticket.sid ? { ...ticket, continues: previous.continues } : ticket;
}

/** Whether the last ticket carried a presence token (signed in): such sockets are renewed before it expires. */
export const lastTicketHadToken = () => lastTicket?.token != null;

/** In how many ms the last ticket's session id is due for renewal (the app then hands out its successor); null if it didn't say. */
export function msUntilSessionRenewal(): number | null {
  if (lastTicket?.renewIn === undefined) return null;
  return lastTicketAt + lastTicket.renewIn * 1000 - Date.now();
}

/** The query string a presence socket connects with. */
export async function ticketQuery(ticketUrl: string, { initial }: SocketConnect, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const { sid, token, continues, countAutomated } = await fetchPresenceTicket(ticketUrl, { initial });
  // An automated browser (WebDriver, headless, a crawler) watches: the worker counts it nowhere.
  const watching = !countAutomated && isAutomatedBrowser({ webdriver: navigator.webdriver, userAgent: navigator.userAgent });
  return {
    sid,
    ...(watching ? { [SOCKET_QUERY.watch]: "1" } : {}),
    ...(token ? { token } : {}),
    ...(continues ? { [SOCKET_QUERY.continues]: continues } : {}),
    ...extra,
  };
}
