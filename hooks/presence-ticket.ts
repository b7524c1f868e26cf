import { type PresenceTicket, presenceTicketSchema } from "@/party/protocol";

let lastTicket: PresenceTicket | null = null;
let inFlight: Promise<PresenceTicket> | null = null;

/**
 * Fetches a fresh presence ticket from the app (signed session id, and a presence token
 * when signed in). Called at every (re)connect. If the app can't be reached, the last
 * session id is reused without a token, so presence still works, anonymously.
 */
export function fetchPresenceTicket(): Promise<PresenceTicket> {
  // The sockets of one tab share one request: on a first visit, two requests would
  // each be issued a different new session id.
  inFlight ??= requestTicket().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function requestTicket(): Promise<PresenceTicket> {
  try {
    const response = await fetch("/api/presence/ticket", { cache: "no-store", credentials: "same-origin" });
    const parsed = presenceTicketSchema.safeParse(await response.json());
    if (!response.ok || !parsed.success) throw new Error(`ticket refused (${response.status})`);
    lastTicket = parsed.data;
    return parsed.data;
  } catch (error) {
    if (lastTicket) return { sid: lastTicket.sid, token: null };
    throw error;
  }
}

/** The query string a presence socket connects with. */
export async function ticketQuery(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const { sid, token } = await fetchPresenceTicket();
  return token ? { sid, token, ...extra } : { sid, ...extra };
}
