// What the browser accepts from the worker (and from the ticket route), checked without zod,
// which would be most of a reader's JavaScript. A mirror of the schemas in protocol.ts, rule
// for rule; tests/unit/server-frames.test.ts proves both accept and return the same.
import { array, boolean, int, INVALID, nullable, number, object, oneOf, optional, type Parser, record, string, union, withDefault } from "./frame-parsers";
import type { ArticleServerMessage, DeskServerMessage, PresenceTicket, SiteServerMessage } from "./protocol";
import { MAX_ROOM_SEATS, SLUG_PATTERN } from "./wire-constants";

const slug = string({ max: 120, pattern: SLUG_PATTERN });
const count = int(0);
const positive = int(1);
const progress = number(0, 1);
const readingCounts = record(count);
const reader = object({ id: string(), label: string(), color: string(), image: nullable(string()), progress, active: boolean });
const onlinePerson = object({ id: string(), name: string(), image: nullable(string()), reading: nullable(slug), active: boolean });
const authorStatus = object({
  kind: oneOf("writing", "reading", "away", "custom"),
  text: string({ min: 1, max: 80 }),
  emoji: nullable(string({ max: 16 })),
  until: positive,
});
const peak = object({ count, at: positive });
const type = <T extends string>(name: T) => oneOf(name);

const siteServerMessage: Parser<SiteServerMessage> = union(
  object({
    type: type("site-snapshot"),
    online: count,
    active: count,
    reading: readingCounts,
    people: nullable(array(onlinePerson)),
    author: withDefault(nullable(authorStatus), null),
    record: withDefault(nullable(peak), null),
  }),
  object({ type: type("online"), online: count, active: count }),
  object({ type: type("author"), author: nullable(authorStatus) }),
  object({ type: type("record"), record: peak }),
  object({ type: type("reading"), reading: readingCounts }),
  object({ type: type("people-diff"), upserts: array(onlinePerson), removed: array(string()) }),
  object({ type: type("identity-stale") }),
  object({ type: type("listing-hold"), listedInMs: count }),
);

const articleServerMessage: Parser<ArticleServerMessage> = union(
  object({
    type: type("room-snapshot"),
    mode: oneOf("rail", "crowd"),
    you: nullable(string()),
    counted: withDefault(boolean, true),
    count,
    sendEveryMs: positive,
    readers: array(reader),
    density: array(count),
  }),
  object({
    type: type("room-diff"),
    upserts: array(reader),
    moved: withDefault(record(progress), {}),
    removed: array(string()),
    count,
    sendEveryMs: optional(positive),
  }),
  object({ type: type("room-crowd"), count, sendEveryMs: positive, density: array(count), faces: array(reader) }),
  object({ type: type("room-moved"), seat: int(1, MAX_ROOM_SEATS) }),
);

const logEntry = object({ at: int(), kind: oneOf("arrived", "reading", "left"), who: string(), named: boolean, post: nullable(slug) });
const minute = object({ at: int(), online: count });
const deskNow = { online: count, active: count, reading: readingCounts, today: nullable(peak), record: nullable(peak) };
const deskServerMessage: Parser<DeskServerMessage> = union(
  object({ type: type("desk-snapshot"), ...deskNow, minutes: array(minute), log: array(logEntry), author: nullable(authorStatus) }),
  object({ type: type("desk-update"), ...deskNow, minute, log: array(logEntry) }),
);

const presenceTicket: Parser<PresenceTicket> = object({
  sid: string({ max: 200 }),
  token: nullable(string({ max: 4000 })),
  continues: optional(nullable(string({ max: 200 }))),
  renewIn: optional(int(1, 86_400)),
  countAutomated: optional(boolean),
});

export const SERVER_FRAMES = { site: siteServerMessage, article: articleServerMessage, desk: deskServerMessage, ticket: presenceTicket };

/** A frame from the worker, checked; null for anything non-JSON or off the protocol. */
export function readServerFrame<T>(parse: Parser<T>, raw: unknown): T | null {
  if (typeof raw !== "string") return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  return checkServerData(parse, data);
}

/** Already-parsed JSON (e.g. a fetch's), checked; null when off the protocol. */
export function checkServerData<T>(parse: Parser<T>, data: unknown): T | null {
  const parsed = parse(data);
  return parsed === INVALID ? null : parsed;
}
