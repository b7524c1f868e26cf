import type { ReconnectingSocket } from "./reconnecting-socket";
import type { ArticleClientMessage, SiteClientMessage } from "../party/shared/protocol";

const sent = new WeakMap<ReconnectingSocket, number>();

/**
 * Sends a message to the worker if the socket is open, numbered: the worker drops one that
 * arrives after a newer one, so a late message never moves a marker back.
 */
export function sendMessage(socket: ReconnectingSocket, message: ArticleClientMessage | SiteClientMessage): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  const seq = sent.get(socket) ?? 0;
  sent.set(socket, seq + 1);
  socket.send(JSON.stringify({ ...message, seq }));
}
