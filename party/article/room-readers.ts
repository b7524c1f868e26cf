import type { Visit } from "../shared/insights";
import { ANONYMOUS, type Appearance } from "./looks";
import { DENSITY_SLICES, sliceOf } from "./room-pace";

/** One socket of a reader in the room. */
export interface Member {
  progress: number;
  movedAt: number;
  active: boolean;
  /** For the reading insights: how long this socket's tab was active, and how far it got (after a wake-up: as kept). */
  activeMs?: number;
  maxProgress?: number;
  /** Since when an active tab's current stretch runs, when it began before the socket (re)joined (after a wake-up: as kept). */
  activeSince?: number;
  /** When its tab began this visit, if before it joined (a tab reconnecting to a room that restarted). */
  visitStartedAt?: number;
}

/**
 * Who a socket's reader is: the dedupe key (a person, or a browser session), the browser session
 * the socket came with, and the one that session continues (its id changed at a sign-in or out).
 */
export interface ReaderId {
  key: string;
  session: string;
  continues: string | null;
}

/** A member as the room keeps it: whose it is, how its own identity wants to appear, and what its visit adds up to. */
interface Seat extends Omit<Member, "activeSince" | "visitStartedAt"> {
  key: string;
  session: string;
  continues: string | null;
  wanted: Appearance;
  joinedAt: number;
  activeMs: number;
  activeSince: number | null;
  maxProgress: number;
}

/**
 * What a reader's visit has added up to: when it began, and what the sockets that already left
 * added. Every socket's attachment keeps it, so a room rebuilt after an eviction resumes the visit.
 */
export interface VisitSoFar {
  startedAt: number;
  departedActiveMs: number;
  departedMaxProgress: number;
}

/** Where the room placed a socket's reader: how they appear, since when, and their visit so far (kept in the socket's attachment). */
export interface RoomPlace {
  appearance: Appearance;
  /** When the reader is shown to others; null: not during this visit. */
  shownFrom: number | null;
  visit: VisitSoFar;
}

/** A reader as the room shows them: one per person or browser session, however many tabs. */
export interface GroupView {
  /** One of the reader's keys (a reader whose session continued another has two for a moment). */
  key: string;
  appearance: Appearance;
  progress: number;
  active: boolean;
}

export interface RoomDiff {
  /** Readers who are new or changed beyond their place (look, active/idle). */
  upserts: GroupView[];
  /** Readers who only moved. */
  moved: GroupView[];
  /** Looks that left the rail. */
  removed: Appearance[];
}

/** Where a socket's reader stands after a change: what the attachments keep, and of which sockets. */
export interface Placement extends RoomPlace {
  /** The reader's other sockets whose attachments must learn it too. */
  siblings: string[];
  /** The reader's look changed: the siblings learn whether they are shown from a fresh snapshot. */
  restyled: boolean;
}

/** A reader who left comes back in another look within this long: treated as a change of look mid-visit. */
const RECENTLY_LEFT_MS = 10_000;

interface Group {
  /** The keys and browser sessions of its members (a reader whose session continued another is one group), with how many of each. */
  keys: Map<string, number>;
  sessions: Map<string, number>;
  continuing: Map<string, number>;
  appearance: Appearance;
  shownFrom: number | null;
  shown: boolean;
  /** The look others last saw of this reader during this visit. */
  lastShown: Appearance | null;
  /** When the look last changed: it is never revealed in the same diff that removed the old one. */
  restyledAt: number;
  /** When the visit began (after a wake-up: as the attachments kept it). */
  createdAt: number;
  members: Map<string, Seat>;
  /** What sockets that already left added to this visit. */
  departed: { activeMs: number; maxProgress: number };
  /** The density slice this reader is counted in while shown (null: not counted). */
  slice: number | null;
}

/** The crowd view's data: kept up to date as readers come, go and move, so a tick costs no walk over the room. */
export interface CrowdView {
  count: number;
  /** Readers shown in each equal slice of the post, top to bottom. */
  density: number[];
  /** Shown readers with a name (a visible person's look), in the order they arrived. */
  named: GroupView[];
}


/**
 * A post's readers, grouped by reader (the dedupe key: a person, or a browser session; a session
 * that continues another after a sign-in or out is the same reader while both have sockets), with
 * the re-entry rule that keeps identity changes untraceable: a reader whose look changes
 * mid-visit (they signed in or out, hid or showed themself) leaves the rail at once, and their
 * new look joins only later (`reentryAt` decides when, from how many others are here: in a
 * crowd after a random delay, in a small room not during this visit), never in the diff that
 * removed the old one. Changes are gathered and taken as one diff per tick.
 */
export class RoomReaders {
  /** Every reader the room holds, each once. */
  private readonly all = new Set<Group>();
  /** Groups by every key of their members. */
  private readonly groups = new Map<string, Group>();
  /** Groups by the browser sessions of their members, and by the sessions their members continue. */
  private readonly groupOfSession = new Map<string, Group>();
  private readonly groupContinuing = new Map<string, Group>();
  private readonly groupOfConnection = new Map<string, Group>();
  private readonly moved = new Set<Group>();
  private readonly reshaped = new Set<Group>();
  private removed: Appearance[] = [];
  private lastDiffAt = Number.NEGATIVE_INFINITY;
  /** Readers who just left, and how they looked: one coming back at once in another look is a re-entry. */
  private readonly recentlyLeft = new Map<string, { kind: string; at: number }>();
  /** Visits that ended since the last call to takeVisits. */
  private visits: Visit[] = [];
  private shownReaders = 0;
  private readonly density = new Array<number>(DENSITY_SLICES).fill(0);
  /** Shown readers in a visible person's look. */
  private readonly namedShown = new Set<Group>();

  constructor(private readonly reentryAt: (othersShown: number, now: number) => number | null) {}

  /** Readers shown to others (on the rail, in the density strip). */
  get shownCount(): number {
    return this.shownReaders;
  }

  /**
   * Every reader the room counts, shown or not: a reader waiting to be shown again after a
   * change of look (the re-entry rule) is still reading. Privacy withholds a marker, never a count.
   */
  get count(): number {
    return this.all.size;
  }

  /** The crowd view as of now. */
  crowdView(): CrowdView {
    const named = [...this.namedShown].sort((a, b) => a.createdAt - b.createdAt).map(viewOf);
    return { count: this.count, density: [...this.density], named };
  }

  /**
   * Adds a socket. `stored`: what its attachment says, when the room is rebuilt after a wake-up
   * (the room is then as its readers last saw it). Otherwise `reentry` says the socket was opened
   * because who the reader is changed.
   */
  join(
    connectionId: string,
    who: ReaderId,
    wanted: Appearance,
    member: Member,
    now: number,
    how: { reentry: boolean } | { stored: RoomPlace },
  ): Placement {
    this.leave(connectionId, now);
    const { key, session, continues } = who;
    const byKey = this.groups.get(key);
    const continued = byKey ? undefined : (continues === null ? undefined : this.groupOfSession.get(continues)) ?? this.groupContinuing.get(session);
    let group = byKey ?? continued;
    // A session that continues another (a sign-in or out) is the same reader, but never gets back a
    // look shown before the change: that would tie the look before to the one after it.
    if (continued && !("stored" in how)) continued.lastShown = null;
    if (!group) {
      const rebuilding = "stored" in how;
      const left = this.recentlyLeft.get(key);
      const reentry = !rebuilding && (how.reentry || (left !== undefined && left.kind !== wanted.kind && now - left.at < RECENTLY_LEFT_MS));
      const shownFrom = rebuilding ? how.stored.shownFrom : reentry ? this.reentryAt(this.shownCount, now) : now;
      const appearance = rebuilding ? how.stored.appearance : wanted;
      const restyledAt = rebuilding ? Number.NEGATIVE_INFINITY : now;
      group = {
        keys: new Map(),
        sessions: new Map(),
        continuing: new Map(),
        appearance,
        shownFrom,
        shown: false,
        lastShown: null,
        restyledAt,
        createdAt: Math.min(member.visitStartedAt ?? now, now),
        members: new Map(),
        departed: { activeMs: 0, maxProgress: 0 },
        slice: null,
      };
      this.all.add(group);
      if (shownFrom !== null && shownFrom <= now && !reentry) this.show(group, now);
    }
    if ("stored" in how) resume(group, how.stored.visit);
    group.members.set(connectionId, {
      ...member,
      key,
      session,
      continues,
      wanted,
      joinedAt: now,
      activeMs: member.activeMs ?? 0,
      activeSince: member.active ? Math.min(member.activeSince ?? now, now) : null,
      maxProgress: Math.max(member.maxProgress ?? 0, member.progress),
    });
    this.enroll(group, who, +1);
    this.groupOfConnection.set(connectionId, group);
    this.recount(group);
    const restyled = "stored" in how ? false : this.settle(group, now);
    if (group.shown) this.reshaped.add(group);
    return this.placementOf(group, restyled ? this.othersOf(group, connectionId) : [], restyled);
  }

  /** A socket's identity changed in place (the person hid, or signed out of that browser): its reader may change looks. */
  restate(connectionId: string, wanted: Appearance, now: number): Placement | null {
    const group = this.groupOfConnection.get(connectionId);
    const seat = group?.members.get(connectionId);
    if (!group || !seat) return null;
    seat.wanted = wanted;
    return this.settle(group, now) ? this.placementOf(group, this.othersOf(group, connectionId), true) : null;
  }

  /**
   * Removes a socket. When its reader still has others, returns their new placement: the visit
   * so far (what this socket added), and, when their look changed because it left (the last
   * visible socket went), the new look. `leftAt`: when the socket was last there (a vanished
   * one's last heartbeat), for the visit's figures; any change of look happens `now`, by the
   * re-entry rule.
   */
  leave(connectionId: string, now = Date.now(), leftAt = now): Placement | null {
    const group = this.groupOfConnection.get(connectionId);
    const seat = group?.members.get(connectionId);
    if (!group || !seat) return null;
    this.groupOfConnection.delete(connectionId);
    group.departed.activeMs += activeTimeOf(seat, Math.min(leftAt, now));
    group.departed.maxProgress = Math.max(group.departed.maxProgress, seat.maxProgress);
    group.members.delete(connectionId);
    this.enroll(group, seat, -1);
    if (group.members.size > 0) {
      this.recount(group);
      if (group.shown) this.reshaped.add(group);
      const restyled = this.settle(group, now);
      return this.placementOf(group, this.othersOf(group, connectionId), restyled);
    }
    this.all.delete(group);
    this.moved.delete(group);
    this.reshaped.delete(group);
    if (group.shown) {
      this.removed.push(group.appearance);
      this.unshow(group);
    }
    const endedAt = Math.max(group.createdAt, Math.min(leftAt, now));
    this.visits.push({ startedAt: group.createdAt, endedAt, activeMs: group.departed.activeMs, maxProgress: group.departed.maxProgress });
    for (const [key, { at }] of this.recentlyLeft) if (now - at >= RECENTLY_LEFT_MS) this.recentlyLeft.delete(key);
    this.recentlyLeft.set(seat.key, { kind: group.appearance.kind, at: now });
    return null;
  }

  /** Returns whether others will see it. */
  move(connectionId: string, progress: number, now: number): boolean {
    const group = this.groupOfConnection.get(connectionId);
    const member = group?.members.get(connectionId);
    if (!group || !member) return false;
    member.progress = progress;
    member.movedAt = now;
    member.maxProgress = Math.max(member.maxProgress, progress);
    this.recount(group);
    if (group.shown) this.moved.add(group);
    return group.shown;
  }

  /** Returns whether others will see it. */
  setActive(connectionId: string, active: boolean, now = Date.now()): boolean {
    const group = this.groupOfConnection.get(connectionId);
    const member = group?.members.get(connectionId);
    if (!group || !member || member.active === active) return false;
    member.activeMs = activeTimeOf(member, now);
    member.activeSince = active ? now : null;
    member.active = active;
    if (group.shown) this.reshaped.add(group);
    return group.shown;
  }

  /** Shows readers whose re-entry time has come (never in the diff that removed their old look); returns their sockets. */
  reveal(now: number): string[] {
    const revealed: string[] = [];
    for (const group of this.all) {
      if (group.shown || group.shownFrom === null || group.shownFrom > now || group.restyledAt >= this.lastDiffAt) continue;
      this.show(group, now);
      revealed.push(...group.members.keys());
    }
    return revealed;
  }

  /** When the next waiting reader is due to be shown, if any. */
  nextRevealAt(): number | null {
    let next: number | null = null;
    for (const group of this.all) {
      if (!group.shown && group.shownFrom !== null && (next === null || group.shownFrom < next)) next = group.shownFrom;
    }
    return next;
  }

  /** Where a socket's reader is placed, for the socket's attachment. */
  placedAs(connectionId: string): RoomPlace | null {
    const group = this.groupOfConnection.get(connectionId);
    return group ? placeOf(group) : null;
  }

  /** The reader a socket belongs to, as the room holds them. */
  readerOf(connectionId: string): { appearance: Appearance; shown: boolean } | null {
    const group = this.groupOfConnection.get(connectionId);
    return group ? { appearance: group.appearance, shown: group.shown } : null;
  }

  /** The sockets of the reader with this key. */
  membersOf(key: string): string[] {
    return [...(this.groups.get(key)?.members.keys() ?? [])];
  }

  /** Readers shown to others, in the order they arrived. */
  shown(): GroupView[] {
    return [...this.all].filter((group) => group.shown).sort((a, b) => a.createdAt - b.createdAt).map(viewOf);
  }

  /** Visits that ended (readers who left the room), for the reading insights. */
  takeVisits(): Visit[] {
    const taken = this.visits;
    this.visits = [];
    return taken;
  }

  /** What a socket's tab has added to its reader's visit so far, for its attachment. */
  visitOf(connectionId: string, now: number): { activeMs: number; maxProgress: number; activeMsAt: number } | null {
    const seat = this.groupOfConnection.get(connectionId)?.members.get(connectionId);
    return seat ? { activeMs: activeTimeOf(seat, now), maxProgress: seat.maxProgress, activeMsAt: now } : null;
  }

  /** Everything that changed since the last call, or null when nothing did. */
  takeDiff(now: number): RoomDiff | null {
    this.lastDiffAt = now;
    if (this.moved.size === 0 && this.reshaped.size === 0 && this.removed.length === 0) return null;
    const upserts: GroupView[] = [];
    const moved: GroupView[] = [];
    for (const group of new Set([...this.reshaped, ...this.moved])) {
      if (!group.shown) continue;
      (this.reshaped.has(group) ? upserts : moved).push(viewOf(group));
    }
    const removed = this.removed;
    this.moved.clear();
    this.reshaped.clear();
    this.removed = [];
    return { upserts, moved, removed };
  }

  /**
   * A reader looks as their sockets want: by name while any of them is of a visible person,
   * else anonymous (keeping the visit's made-up look). A change of look goes by the re-entry
   * rule. Returns whether the reader's look changed (every socket's attachment must learn it).
   */
  private settle(group: Group, now: number): boolean {
    const seats = [...group.members.values()].sort((a, b) => b.joinedAt - a.joinedAt);
    const named = seats.find((seat) => seat.wanted.kind !== ANONYMOUS);
    const desired = named ? named.wanted : group.appearance.kind === ANONYMOUS ? group.appearance : seats[0]!.wanted;
    if (desired.kind !== group.appearance.kind) {
      this.restyle(group, desired, now);
      return true;
    }
    const current = group.appearance.look;
    if (named && (desired.look.label !== current.label || desired.look.image !== current.image)) {
      // The same visible person from a newer socket: their name or avatar changed.
      group.appearance = { ...desired, alias: group.appearance.alias };
      if (group.shown) this.reshaped.add(group);
      return true;
    }
    return false;
  }

  private othersOf(group: Group, connectionId: string): string[] {
    return [...group.members.keys()].filter((id) => id !== connectionId);
  }

  private placementOf(group: Group, siblings: string[], restyled: boolean): Placement {
    return { ...placeOf(group), siblings, restyled };
  }


  /** Files a member's key and sessions under its group (`change` +1), or takes them off once no member has them (-1). */
  private enroll(group: Group, { key, session, continues }: ReaderId, change: 1 | -1): void {
    const file = (counts: Map<string, number>, index: Map<string, Group>, name: string) => {
      const left = (counts.get(name) ?? 0) + change;
      if (left > 0) {
        counts.set(name, left);
        index.set(name, group);
        return;
      }
      counts.delete(name);
      if (index.get(name) === group) index.delete(name);
    };
    file(group.keys, this.groups, key);
    file(group.sessions, this.groupOfSession, session);
    if (continues !== null && continues !== session) file(group.continuing, this.groupContinuing, continues);
  }

  private show(group: Group, now: number): void {
    if (!group.shown) this.shownReaders++;
    group.shown = true;
    if (group.appearance.kind !== ANONYMOUS) this.namedShown.add(group);
    this.recount(group);
    group.shownFrom = Math.min(group.shownFrom ?? now, now);
    group.lastShown = group.appearance;
    // Shown again in the look just removed (in this tick): to others nothing changed.
    this.removed = this.removed.filter((appearance) => appearance.look.id !== group.appearance.look.id);
    this.reshaped.add(group);
  }

  /**
   * A reader's look changes mid-visit. Back to the kind of look others last saw of them (they
   * hid and showed themself again before anyone saw a new look): that look returns at once, as
   * if nothing happened. Otherwise the new look waits, by the re-entry rule.
   */
  private restyle(group: Group, wanted: Appearance, now: number): void {
    if (group.shown) {
      this.removed.push(group.appearance);
      this.unshow(group);
    }
    this.moved.delete(group);
    this.reshaped.delete(group);
    const last = group.lastShown;
    if (last && last.kind === wanted.kind) {
      group.appearance = wanted.kind === ANONYMOUS ? last : { ...wanted, alias: last.alias };
      this.show(group, now);
      return;
    }
    group.appearance = wanted;
    group.restyledAt = now;
    group.shownFrom = this.reentryAt(this.shownReaders, now);
  }

  private unshow(group: Group): void {
    group.shown = false;
    this.shownReaders--;
    this.namedShown.delete(group);
    this.recount(group);
  }

  /** Keeps the density strip in step with a reader who moved, came, went, or was shown or hidden. */
  private recount(group: Group): void {
    const slice = group.shown && group.members.size > 0 ? sliceOf(viewOf(group).progress) : null;
    if (slice === group.slice) return;
    if (group.slice !== null) this.density[group.slice]! -= 1;
    if (slice !== null) this.density[slice]! += 1;
    group.slice = slice;
  }
}

/** How long a socket's tab has been active, counting the stretch it is in now. */
function activeTimeOf(seat: Seat, now: number): number {
  return seat.activeMs + (seat.activeSince === null ? 0 : Math.max(0, now - seat.activeSince));
}

/** A socket's kept visit joins its rebuilt reader's: the earliest start, and everything its departed sockets added. */
function resume(group: Group, visit: VisitSoFar): void {
  group.createdAt = Math.min(group.createdAt, visit.startedAt);
  group.departed.activeMs = Math.max(group.departed.activeMs, visit.departedActiveMs);
  group.departed.maxProgress = Math.max(group.departed.maxProgress, visit.departedMaxProgress);
}

function placeOf(group: Group): RoomPlace {
  const visit = { startedAt: group.createdAt, departedActiveMs: group.departed.activeMs, departedMaxProgress: group.departed.maxProgress };
  return { appearance: group.appearance, shownFrom: group.shownFrom, visit };
}

function viewOf(group: Group): GroupView {
  let latest: Seat | undefined;
  let active = false;
  for (const member of group.members.values()) {
    if (!latest || member.movedAt >= latest.movedAt) latest = member;
    active ||= member.active;
  }
  return { key: group.keys.keys().next().value ?? "", appearance: group.appearance, progress: latest?.progress ?? 0, active };
}
