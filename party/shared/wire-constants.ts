// The wire's constants: frame limits, heartbeats, close codes, socket query parameters (and how
// a seat is read), the presence token's lifetime. No zod here: the browser imports these, and protocol.ts re-exports them.

/** Frames larger than this are dropped unread. */
export const MAX_FRAME_BYTES = 1024;

/** Post slugs as they appear in content/posts file names. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Presence tokens live at most this long; sockets replace themselves with a fresh one before it ends. */
export const PRESENCE_TOKEN_MAX_AGE_SECONDS = 300;

/** Heartbeat frames: clients send the ping, the runtime answers without waking the object. */
export const HEARTBEAT_PING = "ping";
export const HEARTBEAT_PONG = "pong";
/** Clients send a heartbeat this often. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A visible tab with no input (keys, pointer, scroll, touch) for this long is idle. */
export const IDLE_AFTER_MS = 60_000;

/** Every close code a client can see, and what it means. */
export const CLOSE_CODES = {
  /** The app's sockets leave on purpose with this: no grace window. */
  goodbye: 1000,
  /** Something went wrong in the worker; reconnect. */
  internalError: 1011,
  /** The socket reached an object without the identity the entry verifies. */
  invalidSession: 4400,
  /** The presence token expired or was withdrawn (hid, signed out): reconnect with a fresh ticket. */
  identityExpired: 4401,
  /** No heartbeat for too long: the worker took the socket for a vanished one. */
  ghost: 4408,
  /** Too many invalid or throttled messages, or heartbeats far faster than the client sends them. */
  tooManyRejected: 4429,
  /** Too many sockets from one browser session in one object. */
  tooManyConnections: 4430,
  /** Too many posts open at once from one browser session. */
  tooManyRooms: 4431,
  /** A crowded post's room sent this socket to a seat in one of its relays (its "room-moved" frame says which). */
  roomMoved: 4303,
} as const;

/** Query parameters a presence socket connects with (besides the ticket's sid and token). */
export const SOCKET_QUERY = {
  /** Article rooms: where the reader is (0–1), so a reconnecting marker keeps its place. */
  progress: "p",
  /**
   * Article rooms: how long ago (ms) this tab opened the post, and the furthest it got (0–1): a
   * tab that reconnects to a room that restarted (a deploy drops every socket) continues its visit.
   */
  visitAge: "va",
  furthest: "f",
  /** "1" on a socket opened because who the reader is changed (signed in or out, hid, showed). */
  reentry: "reentry",
  /** "1" from a browser that is automated or headless: it sees the live figures, and counts nowhere. */
  watch: "watch",
  /** The ticket's continuation, when the browser's session id just changed (signed in or out, renewed). */
  continues: "continues",
  /** Article rooms: the seat a crowded room gave this tab (see CLOSE_CODES.roomMoved). */
  seat: "seat",
} as const;

/** The relays a crowded post's room may seat readers in are numbered from 1 to this. */
export const MAX_ROOM_SEATS = 63;

const SEAT = /^[1-9][0-9]{0,2}$/;

/** The relay a `seat` query parameter names, or null (the room itself) for anything else. */
export function seatOf(value: string | null): number | null {
  if (value === null || !SEAT.test(value)) return null;
  const seat = Number(value);
  return seat <= MAX_ROOM_SEATS ? seat : null;
}
