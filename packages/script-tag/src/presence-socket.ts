import { CLOSE_CODES, HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING } from "../../../party/shared/wire-constants";
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
  const socket = new ReconnectingSocket({
    host: config.host,
    party,
    room,
    query: () => ticketQuery(config.ticketUrl, handlers.query?.() ?? {}),
    minReconnectionDelay,
    maxReconnectionDelay: 10 * minReconnectionDelay,
  });
  socket.addEventListener("open", () => handlers.open(socket));
  socket.addEventListener("message", (event) => handlers.message(event.data, socket));
  socket.addEventListener("close", () => handlers.close?.());
  const stopBeating = startTicker(() => socket.send(HEARTBEAT_PING), HEARTBEAT_INTERVAL_MS);
  return {
    socket,
    leave: () => {
      stopBeating();
      socket.close(CLOSE_CODES.goodbye, "leaving");
    },
  };
}
