// Hands the sockets the page's inline script opened (early-presence.ts) to the presence sockets
// that would otherwise open their own, so a tab never holds two for one room: one reader, one socket.
import type { EarlySocket } from "./early-presence";
import { earlyPresence } from "./early-presence";
import { takeEarlyTicket } from "./presence-ticket";
import type { AdoptedSocket } from "./reconnecting-socket";

/**
 * The early socket to `url` (partyUrl: the worker, party and room), handed over once with the
 * frames it kept; null when the page has none. One opened with a ticket this tab no longer holds
 * (it asked the route since, or the ticket is off the protocol) is closed instead, without a
 * goodbye (the worker keeps the reader for its grace window while the caller opens its own).
 */
export async function takeEarlySocket(ticketUrl: string, url: string): Promise<AdoptedSocket | null> {
  const sockets = await earlyPresence(ticketUrl)?.sockets;
  const socket = [sockets?.site, sockets?.article].find((each) => each?.url === url && !each.taken);
  if (!socket) return null;
  socket.taken = true;
  if (!(await takeEarlyTicket(ticketUrl))) {
    release(socket);
    socket.ws.close();
    return null;
  }
  return {
    ws: socket.ws,
    takeFrames: () => {
      release(socket);
      const frames = socket.frames;
      socket.frames = [];
      return frames;
    },
  };
}

/** Stops the inline script's buffering and heartbeat: the new owner listens and beats. */
function release({ ws, beat }: EarlySocket): void {
  clearInterval(beat);
  ws.onmessage = null;
}
