// Hands the sockets the page's inline script opened (early-presence.ts) to the presence sockets
// that would otherwise open their own, so a tab never holds two for one room: one reader, one socket.
import { CLOSE_CODES } from "../party/shared/wire-constants";
import type { EarlySocket } from "./early-presence";
import { earlyPresence } from "./early-presence";
import { takeEarlyTicket } from "./presence-ticket";
import type { AdoptedSocket } from "./reconnecting-socket";

/**
 * The early socket to `url` (partyUrl: the worker, party and room), offered with the frames it
 * kept, until one socket of the page takes it; null when the page has none. One opened with a
 * ticket this tab no longer holds (it asked the route since, or the ticket is off the protocol)
 * is closed instead, without a goodbye (the worker keeps the reader for its grace window while
 * the caller opens its own).
 */
export async function takeEarlySocket(ticketUrl: string, url: string): Promise<AdoptedSocket | null> {
  const sockets = await earlyPresence(ticketUrl)?.sockets;
  const socket = [sockets?.site, sockets?.article].find((each) => each?.url === url && !each.taken);
  if (!socket) return null;
  if (!(await takeEarlyTicket(ticketUrl))) {
    if (take(socket)) socket.ws.close();
    return null;
  }
  return {
    // Read at the handover: a crowded room's early socket may have gone to its seat meanwhile.
    get ws() {
      return socket.ws;
    },
    takeFrames: () => {
      if (!take(socket)) return null;
      const frames = socket.frames;
      socket.frames = [];
      return frames;
    },
    // Nobody on the page wants it once the work in hand is done (its room was left): the reader leaves it.
    decline: () =>
      setTimeout(() => {
        if (take(socket)) socket.ws.close(CLOSE_CODES.goodbye, "leaving");
      }),
  };
}

/**
 * Takes the socket from the inline script, once: no more buffering, moving or heartbeat there.
 * The painter still hears its frames until it stops (elements it painted may hydrate later).
 */
function take(socket: EarlySocket): boolean {
  if (socket.taken) return false;
  socket.taken = true;
  clearInterval(socket.beat);
  socket.ws.onmessage = (event) => socket.hear?.(event.data);
  return true;
}
