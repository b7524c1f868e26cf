// A crowded post's room is spread over several objects: the room itself (named by the post's
// slug) and, once it holds as many sockets as one object should, relays named `<slug>~<n>` that
// hold the sockets beyond. A tab learns its seat from the room (a "room-moved" frame) and
// connects with it; the entry routes the socket there. Nothing a client names is trusted
// beyond picking one of these objects: the room counts every reader once, wherever they sit.

import { MAX_ROOM_SEATS, seatOf } from "../shared/wire-constants";

/** Relays a room may have: with ROOM_SOCKETS_PER_OBJECT sockets each, room for 2,000 × 64 readers by default. */
export const MAX_RELAYS = MAX_ROOM_SEATS;

/**
 * Sockets one object of a room holds unless ROOM_SOCKETS_PER_OBJECT says otherwise: at the
 * crowd view's shortest tick (150 ms), 2,000 frames a tick stay within one object's outbound
 * budget (room-pace.ts), so every object of any room ticks at its fastest.
 */
export const DEFAULT_ROOM_SOCKETS_PER_OBJECT = 2_000;

const RELAY_SEPARATOR = "~";

export const relayName = (slug: string, seat: number) => `${slug}${RELAY_SEPARATOR}${seat}`;

/** The post and seat of a relay's name, or null when it isn't one. */
export function parseRelayName(name: string): { slug: string; seat: number } | null {
  const at = name.lastIndexOf(RELAY_SEPARATOR);
  if (at <= 0) return null;
  const seat = seatOf(name.slice(at + 1));
  return seat === null ? null : { slug: name.slice(0, at), seat };
}
