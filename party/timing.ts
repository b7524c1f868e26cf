// How often the presence objects talk. Plain constants, shared with the unit tests.

/** An article room gathers changes and broadcasts one diff per tick. */
export const ROOM_TICK_MS = 150;
/** An article room's reader count reaches the lobby at most this often. */
export const LOBBY_REPORT_DELAY_MS = 500;
/** A site shard's changes (readers, people) reach the lobby at once after a quiet spell, else at most this often... */
export const SHARD_REPORT_DELAY_MS = 100;
/** ...and the lobby pushes the merged view (counts, people, reading) to the shards at most this often. */
export const VIEW_PUSH_DELAY_MS = 100;
/** A shard whose report to the lobby failed tries again this soon. */
export const SHARD_REPORT_RETRY_MS = 1_000;
/** While a room or shard has readers it re-reports to the lobby, so the lobby can expire those that vanished. */
export const REPORT_HEARTBEAT_MS = 30_000;
/** Silence for longer than this means a room or shard is gone (e.g. the worker restarted). */
export const REPORT_TTL_MS = 75_000;
export const LOBBY_SWEEP_INTERVAL_MS = 30_000;
/** While visible people are online, their last-seen is reported at most this often. */
export const LAST_SEEN_HEARTBEAT_MS = 60_000;
/** Last-seen reports are sent this soon after someone leaves (batched with others who leave meanwhile). */
export const LAST_SEEN_FLUSH_DELAY_MS = 1_000;
/** Failed reports are retried with exponential back-off, from the first delay up to the last. */
export const LAST_SEEN_RETRY_MIN_MS = 1_000;
export const LAST_SEEN_RETRY_MAX_MS = 60_000;

// ---- liveness ----
/** Clients send "ping" this often; the runtime answers "pong" without waking the object. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A connection with no heartbeat for this long is a ghost (a lid closed, Wi-Fi gone): it is removed. */
export const GHOST_AFTER_MS = 15_000;
/**
 * The same for a connection whose tab said it is idle (hidden): browsers may throttle a
 * background tab to one timer a minute, so its heartbeats can be a minute apart.
 */
export const GHOST_AFTER_IDLE_MS = 75_000;
/** While connections exist, an alarm sweeps for ghosts this often. Ghosts go within GHOST_AFTER_MS + this. */
export const GHOST_SWEEP_INTERVAL_MS = 10_000;
/**
 * A connection that drops without saying goodbye (reload, tab closed, network blip) stays
 * counted this long, so a reader who comes straight back changes nothing. PRESENCE_GRACE_MS overrides it.
 */
export const DEFAULT_GRACE_MS = 3_000;
/** A visible tab with no input (keys, pointer, scroll, touch) for this long is idle. */
export const IDLE_AFTER_MS = 60_000;
