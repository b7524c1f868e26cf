import { isAutomatedBrowser } from "../../../party/shared/bots";
import { SCRIPT_TICKET_MAX_AGE_MS, type ScriptTicket, scriptTicketParser } from "../../../party/shared/script-ticket";
import { nullable, object, string } from "../../../party/shared/frame-parsers";
import { checkServerData } from "../../../party/shared/server-frames";
import { SOCKET_QUERY } from "../../../party/shared/wire-constants";

/**
 * The browser's anonymous ticket, kept in the site's own localStorage (first-party: a page
 * can't rely on the worker's cookies, which browsers treat as third-party), so every tab of
 * the browser connects with the same session id and is one reader. Kept for less than a day
 * by this browser's own clock, then asked for anew: no anonymous identifier lives longer.
 */
const STORAGE_KEY = "live-readers-ticket";
const KEEP_MS = SCRIPT_TICKET_MAX_AGE_MS - 60_000;
/** Longest presence token accepted (the worker's MAX_PRESENCE_TOKEN_LENGTH). */
const MAX_TOKEN_LENGTH = 4000;

export interface KeptTicket {
  ticket: ScriptTicket;
  /** When this browser received it (its own clock, so a skewed clock can't keep it longer). */
  keptAt: number;
}

/** Where it is kept when localStorage can't be used (blocked, full): this tab alone. */
let inMemory: KeptTicket | null = null;
let asking: Promise<KeptTicket> | null = null;

const isFresh = ({ keptAt }: KeptTicket) => keptAt <= Date.now() && Date.now() - keptAt < KEEP_MS;

function readKept(): KeptTicket | null {
  let kept = inMemory;
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const data: unknown = raw === null ? null : JSON.parse(raw);
    if (typeof data === "object" && data !== null && "ticket" in data && "keptAt" in data) {
      const ticket = checkServerData(scriptTicketParser, data.ticket);
      if (ticket && Number.isSafeInteger(data.keptAt)) kept = { ticket, keptAt: data.keptAt as number };
    }
  } catch {
    // Blocked or garbled: this tab's own copy, if any.
  }
  return kept && isFresh(kept) ? kept : null;
}

function keep(kept: KeptTicket): void {
  inMemory = kept;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // This tab keeps it in memory.
  }
}

async function requestTicket(url: string): Promise<KeptTicket> {
  const response = await fetch(url, { cache: "no-store", credentials: "omit" });
  const ticket = response.ok ? checkServerData(scriptTicketParser, await response.json()) : null;
  if (!ticket) throw new Error(`presence ticket refused (${response.status})`);
  // Another tab of this browser may have kept one meanwhile: take it, so both are one reader.
  const other = readKept();
  if (other) return other;
  const kept = { ticket, keptAt: Date.now() };
  keep(kept);
  return kept;
}

/** The browser's ticket: the kept one while it is fresh, else a new one (one request at a time per tab). */
export function currentTicket(url: string): Promise<KeptTicket> {
  const kept = readKept();
  if (kept) return Promise.resolve(kept);
  asking ??= requestTicket(url).finally(() => {
    asking = null;
  });
  return asking;
}

/** How long until this ticket must be replaced. */
export const ticketExpiresInMs = ({ keptAt }: KeptTicket) => Math.max(0, keptAt + KEEP_MS - Date.now());

const tokenAnswer = object({ token: nullable(string({ max: MAX_TOKEN_LENGTH })) });

/**
 * A signed-in reader's presence token from the site's own route (`data-token-url`), minted for
 * this browser's session id; null when nobody is signed in there, or the route can't be reached
 * (the reader is then counted anonymously).
 */
async function presenceToken(tokenUrl: string, sid: string): Promise<string | null> {
  try {
    const url = new URL(tokenUrl);
    url.searchParams.set("sid", sid);
    const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    return response.ok ? (checkServerData(tokenAnswer, await response.json())?.token ?? null) : null;
  } catch {
    return null;
  }
}

/** The query a presence socket connects with, as ticketQuery (hooks/presence-ticket.ts) builds the app's. */
export async function ticketQuery(ticketUrl: string, tokenUrl: string | null, extra: Record<string, string>): Promise<Record<string, string>> {
  const { ticket } = await currentTicket(ticketUrl);
  // Bots and automated browsers watch: the worker counts them nowhere.
  const watching = ticket.watch || (!ticket.countAutomated && isAutomatedBrowser({ webdriver: navigator.webdriver, userAgent: navigator.userAgent }));
  const token = tokenUrl ? await presenceToken(tokenUrl, ticket.sid) : null;
  return { sid: ticket.sid, ...(watching ? { [SOCKET_QUERY.watch]: "1" } : {}), ...(token ? { token } : {}), ...extra };
}
