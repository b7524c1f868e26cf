// The first presence ticket of a page load, asked for by an inline script in the HTML while
// the page's JavaScript is still on its way, so the sockets can open as soon as it runs
// (see EarlyPresenceTicket). Plain module: the server renders the script, the browser takes it.

/** A blog's ticket route, unless it says otherwise. */
export const DEFAULT_TICKET_URL = "/api/presence/ticket";

/** Older than this, the early ticket is left unused (a socket renews its token counting from its own opening). */
const EARLY_TICKET_MAX_AGE_MS = 10_000;

interface EarlyTicket {
  url: string;
  at: number;
  /** The route's JSON, or null when it failed. */
  response: Promise<unknown>;
}

declare global {
  interface Window {
    __liveReadersEarlyTicket?: EarlyTicket;
  }
}

/** The inline script: skipped on a page the browser prerenders (nobody reads it yet; the sockets wait too). */
export function earlyTicketScript(ticketUrl: string): string {
  const url = JSON.stringify(ticketUrl);
  return (
    `if(!document.prerendering)window.__liveReadersEarlyTicket={url:${url},at:Date.now(),` +
    `response:fetch(${url},{cache:"no-store",credentials:"same-origin"}).then(function(r){return r.ok?r.json():null}).catch(function(){return null})};`
  );
}

/** The page's early ticket request for `ticketUrl`, while it is fresh and not dropped. */
export function earlyTicketResponse(ticketUrl: string): Promise<unknown> | null {
  const early = window.__liveReadersEarlyTicket;
  return early && early.url === ticketUrl && Date.now() - early.at < EARLY_TICKET_MAX_AGE_MS ? early.response : null;
}

/** From now on every ticket comes from the route itself. */
export function dropEarlyTicket(): void {
  delete window.__liveReadersEarlyTicket;
}
