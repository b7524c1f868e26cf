import { CLOSE_CODES, HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING, PRESENCE_TOKEN_MAX_AGE_SECONDS } from "../../../party/shared/wire-constants";
import { startTicker } from "../../../hooks/heartbeat-ticker";
import { ReconnectingSocket } from "../../../hooks/reconnecting-socket";
import type { ScriptTagConfig } from "./config";
import { ticketQuery } from "./ticket";

export interface PresenceSocketHandlers {
  /** Added to the ticket's query at every connect. */
  query?: () => Record<string, string>;
  open: (socket: ReconnectingSocket) => void;
  message: (data: unknown, socket: ReconnectingSocket) => void;
  close?: () => void;
}

/**
 * A signed-in socket connects again, with a fresh token, this long after it opened (with some
 * spread): a minute before its token would expire. Same session id, so the worker sees the same
 * reader come back within its grace window and no count blinks.
 */
const RENEW_AFTER_MS = (PRESENCE_TOKEN_MAX_AGE_SECONDS - 60) * 1000;
const RENEW_SPREAD_MS = 20_000;

export interface PresenceSocket {
  socket: ReconnectingSocket;
  /** Leaves on purpose: the worker drops the reader at once, without the grace it gives a drop. */
  leave: () => void;
}

/**
 * One presence socket of this page: connects with the browser's ticket, beats every
 * HEARTBEAT_INTERVAL_MS, and comes back after a drop. Each page waits its own random while
 * before reconnecting, so a worker restart isn't met by every reader at the same instant.
 */
export function openPresenceSocket(config: ScriptTagConfig, party: string, room: string, handlers: PresenceSocketHandlers): PresenceSocket {
  const minReconnectionDelay = 500 + Math.random() * 1500;
  let signedIn = false;
  let renewal: ReturnType<typeof setTimeout> | undefined;
  const socket = new ReconnectingSocket({
    host: config.host,
    party,
    room,
    query: async () => {
      const query = await ticketQuery(config.ticketUrl, config.tokenUrl, handlers.query?.() ?? {});
      signedIn = query.token !== undefined;
      return query;
    },
    minReconnectionDelay,
    maxReconnectionDelay: 10 * minReconnectionDelay,
  });
  socket.addEventListener("open", () => {
    clearTimeout(renewal);
    if (signedIn) renewal = setTimeout(() => socket.reconnectNow(), RENEW_AFTER_MS - Math.random() * RENEW_SPREAD_MS);
    handlers.open(socket);
  });
  socket.addEventListener("message", (event) => handlers.message(event.data, socket));
  socket.addEventListener("close", () => handlers.close?.());
  const stopBeating = startTicker(() => socket.send(HEARTBEAT_PING), HEARTBEAT_INTERVAL_MS);
  return {
    socket,
    leave: () => {
      clearTimeout(renewal);
      stopBeating();
      socket.close(CLOSE_CODES.goodbye, "leaving");
    },
  };
}
