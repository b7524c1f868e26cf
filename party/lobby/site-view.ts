// What site-presence shards tell the lobby, and what the lobby tells them back: pure
// functions, so the counting rules across shards are unit-tested without a runtime.
import type { AuthorStatus, DeskLogEntry, OnlinePerson, Peak, ReadingCounts } from "../shared/protocol";

/** A visible person as one shard sees them, with when their location last changed there. */
export interface ShardPerson extends OnlinePerson {
  movedAt: number;
}

/** One shard's readers, in the form that merges exactly across shards. */
export interface ShardReport {
  /**
   * Readers counted by browser session (nobody signed in there). A session's tabs all
   * live in one shard, so these simply add up.
   */
  sessionReaders: number;
  activeSessionReaders: number;
  /** Signed-in people with a connection here, hidden ones too: one person may be in several shards. */
  userIds: string[];
  activeUserIds: string[];
  /** Visible people here. */
  people: ShardPerson[];
  /** People whose last connection in this shard closed since the previous report, and when. */
  departures: Record<string, number>;
  /** Signed-in people here, and when one of their sockets here last sent a heartbeat (or opened). */
  lastHeard: Record<string, number>;
  /** What happened since the last report, for the owner's live log (visible people by name, others by a made-up label). */
  events?: DeskLogEntry[];
  /**
   * Listing holds started here and still to come: person -> when others' lists may show them
   * (a re-entry, see party/site/listing-holds.ts). Counted all along; listed only from then.
   */
  holds?: Record<string, number>;
}

/** The merged state the lobby pushes to every shard with readers. Newer versions win. */
export interface SiteView {
  version: number;
  online: number;
  active: number;
  /** "Reading now" by site id, then by slug (a shard gives each socket its own site's). */
  reading: ReadingBySite;
  people: OnlinePerson[];
  /** The author's status, while it lasts. */
  author: AuthorStatus | null;
  /** The most readers at once, ever. */
  record: Peak | null;
  /**
   * People held off the list (not in `people`) and when they may be listed: for the shards, which
   * tell only the person's own sockets. Absent in a view stored before holds existed.
   */
  holds?: Record<string, number>;
}

export type ReadingBySite = Record<string, ReadingCounts>;

/** A site's "reading now" in a view (a view stored before views were by site reads as none). */
export function readingOf(view: Pick<SiteView, "reading">, siteId: string): ReadingCounts {
  const counts = Object.hasOwn(view.reading, siteId) ? view.reading[siteId] : undefined;
  return counts !== null && typeof counts === "object" ? counts : {};
}

export const EMPTY_VIEW: SiteView = { version: 0, online: 0, active: 0, reading: {}, people: [], author: null, record: null, holds: {} };

export interface MergedShards {
  online: number;
  active: number;
  people: OnlinePerson[];
  /** Everyone signed in and online anywhere, hidden or not. */
  userIds: Set<string>;
  /** When each of them was last heard from, on any shard. */
  lastHeard: Map<string, number>;
  /** People held off `people` until a moment still to come (online or not). */
  holds: Record<string, number>;
}

export interface MergeOptions {
  now?: number;
  /** People listed in the view before: a hold reported for one of them keeps nobody off the list. */
  listed?: ReadonlySet<string>;
}

/**
 * One reader per browser session or signed-in person, across shards: session readers add
 * up, people are a union. A person on several shards appears once: where they moved last,
 * active if any of their devices is. A person is listed only once every hold any shard reported
 * for them has passed, unless they were listed already: one moment for all their tabs and devices.
 * Holds never touch the counts.
 */
export function mergeShards(reports: Iterable<ShardReport>, { now = Date.now(), listed = new Set() }: MergeOptions = {}): MergedShards {
  let sessionReaders = 0;
  let activeSessionReaders = 0;
  const userIds = new Set<string>();
  const activeUserIds = new Set<string>();
  const people = new Map<string, ShardPerson>();
  const lastHeard = new Map<string, number>();
  const holds = new Map<string, number>();
  for (const report of reports) {
    for (const [id, until] of Object.entries(report.holds ?? {})) {
      if (until > now && !listed.has(id)) holds.set(id, Math.max(holds.get(id) ?? 0, until));
    }
    for (const [id, at] of Object.entries(report.lastHeard)) lastHeard.set(id, Math.max(lastHeard.get(id) ?? 0, at));
    sessionReaders += report.sessionReaders;
    activeSessionReaders += report.activeSessionReaders;
    for (const id of report.userIds) userIds.add(id);
    for (const id of report.activeUserIds) activeUserIds.add(id);
    for (const person of report.people) {
      const known = people.get(person.id);
      const latest = !known || person.movedAt > known.movedAt ? person : known;
      people.set(person.id, { ...latest, active: person.active || (known?.active ?? false) });
    }
  }
  return {
    online: sessionReaders + userIds.size,
    active: activeSessionReaders + activeUserIds.size,
    people: [...people.values()].filter(({ id }) => !holds.has(id)).map(({ id, name, image, reading, active }) => ({ id, name, image, reading, active })),
    userIds,
    lastHeard,
    holds: Object.fromEntries(holds),
  };
}

/** Whether two sets of holds say the same. */
export function sameHolds(a: Record<string, number> = {}, b: Record<string, number> = {}): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((id) => a[id] === b[id]);
}

export interface PeopleDiff {
  upserts: OnlinePerson[];
  removed: string[];
}

/** What changed between two lists of people, or null when nothing did. */
export function diffPeople(before: OnlinePerson[], after: OnlinePerson[]): PeopleDiff | null {
  const previous = new Map(before.map((person) => [person.id, person]));
  const upserts = after.filter((person) => !samePerson(previous.get(person.id), person));
  const present = new Set(after.map((person) => person.id));
  const removed = before.filter((person) => !present.has(person.id)).map((person) => person.id);
  return upserts.length === 0 && removed.length === 0 ? null : { upserts, removed };
}

function samePerson(a: OnlinePerson | undefined, b: OnlinePerson): boolean {
  return a !== undefined && a.name === b.name && a.image === b.image && a.reading === b.reading && a.active === b.active;
}
