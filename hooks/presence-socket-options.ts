import { takeEarlySocket } from "./early-sockets";
import type { PresenceEndpoints } from "./presence-endpoints";
import { ticketQuery } from "./presence-ticket";
import { partyUrl } from "./reconnecting-socket";
import type { ReplaceableSocketOptions } from "./replaceable-socket";

export const RECONNECT_OPTIONS = { minReconnectionDelay: 500, maxReconnectionDelay: 3000 } as const;

/**
 * How a presence socket of this tab connects to `party`/`room`: with a fresh ticket at every
 * connect, `extraQuery` added, and for its first the page's early socket to that room if the
 * inline script opened one.
 */
export function presenceSocketOptions(
  { host, ticketUrl }: PresenceEndpoints,
  party: string,
  room: string,
  extraQuery: () => Record<string, string> = () => ({}),
): ReplaceableSocketOptions {
  return {
    host,
    party,
    room,
    query: (connect) => ticketQuery(ticketUrl, connect, extraQuery()),
    adopt: () => takeEarlySocket(ticketUrl, partyUrl(host, party, room)),
    ...RECONNECT_OPTIONS,
  };
}
