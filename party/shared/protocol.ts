// The wire protocol between the browser and the presence worker: every frame either side
// sends, as zod/mini schemas, the format's one home; types come from the schemas. The worker
// safeParses what clients send and drops what fails. The browser checks the worker's frames
// with server-frames.ts, a zod-free mirror of the schemas below (tests prove they agree).
import * as z from "zod/mini";
import { MAX_FRAME_BYTES, MAX_ROOM_SEATS, SLUG_PATTERN } from "./wire-constants";

// The constants of the wire (close codes, heartbeats, query parameters), kept apart so the
// browser can import them without zod.
export * from "./wire-constants";

/** Post slugs as they appear in content/posts file names. */
export const slugSchema = z.string().check(z.regex(SLUG_PATTERN), z.maxLength(120));

export const progressSchema = z.number().check(z.gte(0), z.lte(1));
const countSchema = z.int().check(z.gte(0));

/** How a reader appears to others on a post: a name for visible signed-in people, a friendly made-up one otherwise. */
export const readerSchema = z.object({
  id: z.string(),
  label: z.string(),
  color: z.string(),
  image: z.nullable(z.string()),
  progress: progressSchema,
  /** false: idle (tab hidden, or no input for a minute), shown dimmed. */
  active: z.boolean(),
});
export type Reader = z.infer<typeof readerSchema>;

/** Live readers per post, as pushed by the lobby. Posts with nobody reading are omitted. */
export const readingCountsSchema = z.record(z.string(), countSchema);
export type ReadingCounts = z.infer<typeof readingCountsSchema>;

/** A signed-in, visible person online now, and the post they are on (null: elsewhere on the site). */
export const onlinePersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.nullable(z.string()),
  reading: z.nullable(slugSchema),
  /** false: idle on every device (tabs hidden, or no input for a minute). */
  active: z.boolean(),
});
export type OnlinePerson = z.infer<typeof onlinePersonSchema>;

/**
 * Every client message may carry `seq`, counting up per socket: the runtime may hand an object
 * two messages of one socket out of order, and a late one must not undo a newer one.
 */
const seq = { seq: z.optional(z.int().check(z.gte(0))) };

/** A tab says whether its reader is active (visible, with input in the last minute) or idle. */
const activityMessageSchema = z.object({ type: z.literal("activity"), active: z.boolean(), ...seq });

/** The author's own status, set on the owner's desk and shown in every reader's header until `until`. */
export const authorStatusSchema = z.object({
  kind: z.enum(["writing", "reading", "away", "custom"]),
  /** What the header says after the author's name, e.g. "is writing" or "away until 18:00". */
  text: z.string().check(z.minLength(1), z.maxLength(80)),
  emoji: z.nullable(z.string().check(z.maxLength(16))),
  /** When it disappears by itself (ms since the epoch). */
  until: z.int().check(z.positive()),
});
export type AuthorStatus = z.infer<typeof authorStatusSchema>;

/** The most readers online at once, and when. */
export const peakSchema = z.object({ count: countSchema, at: z.int().check(z.positive()) });
export type Peak = z.infer<typeof peakSchema>;

// ---- site presence (footer count, home counts and ranking, who is online) ----

export const siteClientMessageSchema = z.discriminatedUnion("type", [
  /** Which post this tab shows, so /online can say what people are reading. */
  z.object({ type: z.literal("location"), slug: z.nullable(slugSchema), ...seq }),
  activityMessageSchema,
]);
export type SiteClientMessage = z.infer<typeof siteClientMessageSchema>;

export const siteServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("site-snapshot"),
    online: countSchema,
    /** Readers with at least one active tab. */
    active: countSchema,
    reading: readingCountsSchema,
    /** null when this viewer may not see the list (the owner limited it to signed-in readers). */
    people: z.nullable(z.array(onlinePersonSchema)),
    author: z._default(z.nullable(authorStatusSchema), null),
    record: z._default(z.nullable(peakSchema), null),
  }),
  z.object({ type: z.literal("online"), online: countSchema, active: countSchema }),
  z.object({ type: z.literal("author"), author: z.nullable(authorStatusSchema) }),
  z.object({ type: z.literal("record"), record: peakSchema }),
  z.object({ type: z.literal("reading"), reading: readingCountsSchema }),
  z.object({ type: z.literal("people-diff"), upserts: z.array(onlinePersonSchema), removed: z.array(z.string()) }),
  /** Who you are changed elsewhere (e.g. "show me as online" switched): fetch a new ticket and reconnect. */
  z.object({ type: z.literal("identity-stale") }),
  /**
   * To a visible person's own sockets only: after they signed in or showed themself mid-visit,
   * others' lists show them only in `listedInMs` (0: they do now). Counted throughout. Sent after
   * the snapshot while it holds, and whenever it changes.
   */
  z.object({ type: z.literal("listing-hold"), listedInMs: countSchema }),
]);
export type SiteServerMessage = z.infer<typeof siteServerMessageSchema>;

/**
 * What GET /parties/site/global?sid=… answers, used by the app for the first paint.
 * `includesSession` says whether the asking browser is already counted in `online`.
 */
export const siteSummarySchema = z.object({
  online: countSchema,
  active: countSchema,
  reading: readingCountsSchema,
  includesSession: z.boolean(),
  /** Only when the owner made the list public; otherwise null. */
  people: z.nullable(z.array(onlinePersonSchema)),
  author: z._default(z.nullable(authorStatusSchema), null),
  record: z._default(z.nullable(peakSchema), null),
});
export type SiteSummary = z.infer<typeof siteSummarySchema>;

// ---- article rooms (who is reading a post, and how far) ----

export const articleClientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), progress: progressSchema, ...seq }),
  activityMessageSchema,
]);
export type ArticleClientMessage = z.infer<typeof articleClientMessageSchema>;

const sendEveryMsSchema = z.int().check(z.positive());

export const articleServerMessageSchema = z.discriminatedUnion("type", [
  /**
   * The room as this reader sees it, on joining and whenever it changes shape. `you` is this
   * reader's own public id, or null while the room doesn't show them to others (for a while
   * after they signed in or out, hid or showed themself mid-read). `mode`: "rail", one
   * marker per reader; "crowd" (a large room), `readers` are a few visible people and
   * `density` says how many readers are at each part of the post (equal slices, top to
   * bottom). `sendEveryMs`: how often this reader may send its progress.
   */
  z.object({
    type: z.literal("room-snapshot"),
    mode: z.enum(["rail", "crowd"]),
    you: z.nullable(z.string()),
    /** false for a socket that counts nowhere (a headless browser, an owner who excluded themself). */
    counted: z._default(z.boolean(), true),
    count: countSchema,
    sendEveryMs: sendEveryMsSchema,
    readers: z.array(readerSchema),
    density: z.array(countSchema),
  }),
  /** What changed on the rail since the last tick. */
  z.object({
    type: z.literal("room-diff"),
    /** Readers who are new or changed beyond their place (name, look, active/idle). */
    upserts: z.array(readerSchema),
    /** Readers who only moved: public id -> new progress. Most of a busy room's traffic. */
    moved: z._default(z.record(z.string(), progressSchema), {}),
    removed: z.array(z.string()),
    count: countSchema,
    sendEveryMs: z.optional(sendEveryMsSchema),
  }),
  /** The crowd view, whole, at most once a tick: its size doesn't grow with the room. */
  z.object({
    type: z.literal("room-crowd"),
    count: countSchema,
    sendEveryMs: sendEveryMsSchema,
    density: z.array(countSchema),
    faces: z.array(readerSchema),
  }),
  /**
   * A crowded room holds no more sockets in its own object: connect again at once, with `seat`
   * in the socket's query (SOCKET_QUERY.seat), to the relay that holds this reader's place. The
   * room closes the socket after it (CLOSE_CODES.roomMoved).
   */
  z.object({ type: z.literal("room-moved"), seat: z.int().check(z.gte(1), z.lte(MAX_ROOM_SEATS)) }),
]);
export type ArticleServerMessage = z.infer<typeof articleServerMessageSchema>;

// ---- the owner's desk (owners only: a socket no other reader can open) ----

/** A line of the desk's live log. `who`: a visible person's name, or a made-up label for the visit. */
export const deskLogEntrySchema = z.object({
  at: z.int(),
  kind: z.enum(["arrived", "reading", "left"]),
  who: z.string(),
  named: z.boolean(),
  post: z.nullable(slugSchema),
});
export type DeskLogEntry = z.infer<typeof deskLogEntrySchema>;

/** Readers online in one minute (the most at once), for the desk's 30-minute chart. */
export const deskMinuteSchema = z.object({ at: z.int(), online: countSchema });
export type DeskMinute = z.infer<typeof deskMinuteSchema>;

const deskNowFields = {
  online: countSchema,
  active: countSchema,
  reading: readingCountsSchema,
  today: z.nullable(peakSchema),
  record: z.nullable(peakSchema),
};

export const deskServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("desk-snapshot"),
    ...deskNowFields,
    minutes: z.array(deskMinuteSchema),
    log: z.array(deskLogEntrySchema),
    author: z.nullable(authorStatusSchema),
  }),
  /** At most about once a second: the figures now, this minute's point, and the log lines since the last update. */
  z.object({ type: z.literal("desk-update"), ...deskNowFields, minute: deskMinuteSchema, log: z.array(deskLogEntrySchema) }),
]);
export type DeskServerMessage = z.infer<typeof deskServerMessageSchema>;

/** Parses a raw frame; returns null for anything oversized, non-JSON or off-schema. */
export function parseFrame<T>(schema: z.ZodMiniType<T>, raw: unknown, maxLength = MAX_FRAME_BYTES): T | null {
  if (typeof raw !== "string" || raw.length > maxLength) return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = schema.safeParse(data);
  return result.success ? result.data : null;
}

/** What the app's ticket route answers: a signed session id, and a token when signed in. */
export const presenceTicketSchema = z.object({
  sid: z.string().check(z.maxLength(200)),
  token: z.nullable(z.string().check(z.maxLength(4000))),
  /** Set when the session id just changed: it continues the one the tab had (see signContinuation). */
  continues: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  /** In how many seconds the tab should fetch a new ticket: its session id is then renewed (it lives a day at most). */
  renewIn: z.optional(z.int().check(z.gte(1), z.lte(86_400))),
  /** Tests only: this blog counts automated browsers as readers (see COUNT_AUTOMATED_BROWSERS). */
  countAutomated: z.optional(z.boolean()),
});
export type PresenceTicket = z.infer<typeof presenceTicketSchema>;
