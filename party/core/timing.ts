// How often the presence objects talk to each other. Plain constants, shared with the tests.

/** A site shard's changes reach the lobby at once after a quiet spell, else at most this often... */
export const SHARD_REPORT_WINDOW_MS = 100;
/** ...a room's reader count likewise... */
export const ROOM_REPORT_WINDOW_MS = 250;
/** ...and the lobby pushes the merged view (counts, people, reading) to the shards at most this often. */
export const VIEW_PUSH_WINDOW_MS = 100;
/** A report to the lobby that failed is tried again this soon. */
export const REPORT_RETRY_MS = 1_000;
/** While a room or shard has readers it re-reports to the lobby, so the lobby can expire those that vanished. */
export const REPORT_HEARTBEAT_MS = 30_000;
/** Silence for longer than this means a room or shard is gone (e.g. the worker restarted). */
export const REPORT_TTL_MS = 75_000;
export const LOBBY_SWEEP_INTERVAL_MS = 30_000;
/** While visible people are online, their last-seen is reported at most this often. */
export const LAST_SEEN_HEARTBEAT_MS = 60_000;
/** Last-seen reports are sent this soon after someone leaves (batched with others who leave meanwhile). */
export const LAST_SEEN_FLUSH_DELAY_MS = 1_000;
