// A crowded post's room sends a socket it has no room for to a seat in one of its relays (a
// "room-moved" frame, then a close with CLOSE_CODES.roomMoved); a tab then connects again with
// that seat in its query. These open room sockets the way the app's tab does it.
import { CLOSE_CODES, SOCKET_QUERY } from "../../../party/shared/wire-constants";
import { openSocket, type OpenOptions, signedSessionId, type TestSocket } from "./sockets";

export interface SeatedSocket {
  socket: TestSocket;
  /** The relay the room gave the socket a seat in; null: it took the socket itself (or the query named one). */
  seat: number | null;
}

/** Opens a room socket, following the room to the seat it gives; resolves once the socket has its snapshot. */
export async function openSeated(path: string, given: OpenOptions = {}): Promise<SeatedSocket> {
  // One browser session for both connects, as a tab has.
  const options = { ...given, sid: given.sid ?? (await signedSessionId()) };
  const first = await openSocket(path, options);
  const frame = await first.next((frame) => frame.type === "room-snapshot" || frame.type === "room-moved", 10_000);
  if (frame.type === "room-snapshot") return { socket: first, seat: null };
  const { code } = await first.closed;
  if (code !== CLOSE_CODES.roomMoved) throw new Error(`a moved socket closed with ${code}`);
  const seat = Number(frame.seat);
  const socket = await openSocket(path, { ...options, query: { ...options.query, [SOCKET_QUERY.seat]: String(seat) } });
  await socket.next((frame) => frame.type === "room-snapshot", 10_000);
  return { socket, seat };
}
