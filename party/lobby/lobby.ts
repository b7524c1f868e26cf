import { type Connection, type ConnectionContext, getServerByName, Server } from "partyserver";
import { type Settings, settingsOf } from "../config/settings";
import { parseRoomName } from "../config/sites";
import { siteShardNames } from "../config/site-shards";
import { armAlarm } from "../core/alarms";
import { identityFrom } from "../core/identity";
import { Throttle } from "../core/throttle";
import { LAST_SEEN_FLUSH_DELAY_MS, LAST_SEEN_HEARTBEAT_MS, LOBBY_SWEEP_INTERVAL_MS, REPORT_TTL_MS, VIEW_PUSH_WINDOW_MS } from "../core/timing";
import type { Visit } from "../shared/insights";
import {
  type AuthorStatus,
  CLOSE_CODES,
  type DeskServerMessage,
  HEARTBEAT_PING,
  HEARTBEAT_PONG,
  type OnlinePerson,
  type ReadingCounts,
} from "../shared/protocol";
import { INTERNAL_PATHS } from "../shared/signed-calls";
import { AuthorStatusBook } from "./author-status";
import { insightsOutbox, InsightsRetentionCall, lastSeenOutbox, webhookOutbox } from "./deliveries";
import { DeskTracker } from "./desk-tracker";
import { InsightBook } from "./insight-book";
import { type Filed, ReportBook } from "./report-book";
import { diffPeople, type MergedShards, mergeShards, type ReadingBySite, sameHolds, type ShardReport, type SiteView } from "./site-view";
import { StatusTracker } from "./status-events";
import { StatusStreams } from "./status-stream";
import { type Withdrawal, Withdrawals } from "./withdrawals";

const ROOMS_STORAGE_KEY = "rooms";
/** One key per shard, so a report rewrites only its own shard's entry. */
const SHARD_KEY_PREFIX = "shard-report:";
/** The owner's desk gets the figures now at most this often. */
const DESK_PUSH_WINDOW_MS = 1_000;
/** A room that reported nobody is still told of withdrawn names this long (well past its report window). */
const EMPTIED_ROOM_MEMORY_MS = 60_000;
/** Changed reading insights go to the app this soon (batched with others meanwhile). */
const INSIGHTS_FLUSH_DELAY_MS = 5_000;

/** What the lobby keeps of an owner's desk socket: whose it is, and until when its token holds. */
interface DeskSocket {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

/**
 * The one lobby, where the site's presence comes together. Article rooms report how many
 * readers they show (and visits that ended), site shards their readers; the lobby merges them
 * into the totals, the list of people online and the "reading now" counts, pushes that view to
 * every shard with readers (which fan it out to their sockets), and passes on who came and went:
 * status events (API stream, webhook), last-seen times and reading insights to the app. It keeps
 * which presence tokens the app withdrew, the author's status, and what the owner's desk shows;
 * the desk's sockets (owners only, checked by the entry and again here) are the only ones it takes.
 */
export class Lobby extends Server<Env> {
  static options = { hibernate: true };

  private readonly settings: Settings = settingsOf(this.env);
  private readonly rooms = new ReportBook<number>(REPORT_TTL_MS);
  /**
   * Rooms that lately reported nobody, and when: one may have readers again that it will report
   * only at the end of its report window, and a withdrawn name must reach them too.
   */
  private readonly emptiedRooms = new Map<string, number>();
  private readonly shards = new ReportBook<ShardReport>(REPORT_TTL_MS);
  private merged: MergedShards = mergeShards([]);
  /** Views are versioned by time, so one sent after a restart is still newer than any before it. */
  private version = Date.now();
  private readonly push = new Throttle(VIEW_PUSH_WINDOW_MS, () => this.pushView());
  private readonly deskPush = new Throttle(DESK_PUSH_WINDOW_MS, () => this.pushDesk());
  private readonly lastSeen = lastSeenOutbox(this.ctx.storage, this.settings);
  private readonly webhooks = webhookOutbox(this.ctx.storage, this.settings);
  private readonly insightDeliveries = insightsOutbox(this.ctx.storage, this.settings);
  private readonly insights = new InsightBook(this.ctx.storage);
  private readonly insightsRetention = new InsightsRetentionCall(this.ctx.storage, this.settings);
  private readonly statuses = new StatusTracker();
  private readonly statusStreams = new StatusStreams();
  private readonly withdrawals = new Withdrawals(this.ctx.storage);
  private readonly desk = new DeskTracker(this.ctx.storage);
  private readonly author = new AuthorStatusBook(this.ctx.storage);
  private nextLastSeenHeartbeatAt: number | null = null;

  async onStart(): Promise<void> {
    this.rooms.loadStorage(await this.ctx.storage.get(ROOMS_STORAGE_KEY));
    const stored = await this.ctx.storage.list<Filed<ShardReport>>({ prefix: SHARD_KEY_PREFIX });
    this.shards.loadStorage(Object.fromEntries([...stored].map(([key, filed]) => [key.slice(SHARD_KEY_PREFIX.length), filed])));
    this.merged = mergeShards(this.shards.reports());
    this.statuses.reset(this.merged.people);
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
    await this.withdrawals.load();
    await this.desk.load();
    await this.author.load(Date.now());
    await this.scheduleAlarm();
    void this.wakeReporters();
  }

  onRequest(request: Request): Response {
    // Only the worker's entry reaches the lobby, after checking the caller's signature, and only for the status stream.
    if (new URL(request.url).pathname === INTERNAL_PATHS.statusStream) return this.statusStreams.open();
    return new Response("Not Found", { status: 404 });
  }

  /** A socket of the owner's desk. The entry lets only owners' sockets through; this checks again. */
  onConnect(connection: Connection<DeskSocket>, context: ConnectionContext): void {
    const identity = identityFrom(context.request);
    if (!identity?.user?.owner) {
      connection.close(CLOSE_CODES.invalidSession, "the desk is for the blog's owners");
      return;
    }
    try {
      connection.setState({ userId: identity.user.id, sessionId: identity.sessionId, expiresAt: identity.user.expiresAt });
      this.scheduleAlarm().catch((error) => console.error("lobby: could not set its alarm", error));
      connection.send(JSON.stringify(this.deskSnapshot()));
    } catch (error) {
      // Never PartyServer's default, which answers with the stack trace.
      console.error("lobby: could not open a desk socket", error);
      connection.close(CLOSE_CODES.internalError, "internal error");
    }
  }

  /** RPC from an article room (`<slug>@<site>`): how many readers it shows, and the visits that ended since its last report. */
  async reportRoom(room: string, count: number, visits: Visit[] = []): Promise<void> {
    const post = parseRoomName(room);
    if (!post || !this.settings.sites.some((site) => site.id === post.siteId) || !Number.isInteger(count) || count < 0) return;
    const before = this.rooms.entries().find(([known]) => known === room)?.[1] ?? 0;
    if (count === 0) {
      this.rooms.forget(room);
      this.emptiedRooms.set(room, Date.now());
    } else {
      this.rooms.file(room, count, Date.now());
      this.emptiedRooms.delete(room);
    }
    await this.ctx.storage.put(ROOMS_STORAGE_KEY, this.rooms.toStorage());
    if (count !== before) this.changed();
    // Insights go to the app at APP_URL, about its own posts; another site's visits aren't its to keep.
    const changedBuckets = post.siteId === this.settings.homeSite.id ? await this.insights.add(post.slug, visits) : [];
    await this.insightDeliveries.add(changedBuckets, Date.now() + INSIGHTS_FLUSH_DELAY_MS);
    await this.scheduleAlarm();
  }

  /** RPC from a site shard: its readers now, and who left it since its last report. Answers the merged view. */
  async reportShard(shard: string, report: ShardReport): Promise<SiteView> {
    // A hold outlives its person's sockets here (they may come back, or be on another device).
    if (report.sessionReaders === 0 && report.userIds.length === 0 && Object.keys(report.holds ?? {}).length === 0) {
      this.shards.forget(shard);
      await this.ctx.storage.delete(SHARD_KEY_PREFIX + shard);
    } else {
      await this.ctx.storage.put(SHARD_KEY_PREFIX + shard, this.shards.file(shard, { ...report, events: [] }, Date.now()));
    }
    this.desk.log(report.events ?? []);
    await this.remerge(report.departures);
    return this.currentView();
  }

  /** RPC: the merged view as it is (a read changes nothing, not even the version). */
  currentView(): SiteView {
    const { online, active, people, holds } = this.merged;
    return { version: this.version, online, active, people, holds, reading: this.readingBySite(), author: this.author.current(Date.now()), record: this.desk.record };
  }

  /** RPC from the status API: visible people online now, whatever the list's audience. */
  livePeople(): OnlinePerson[] {
    return this.merged.people;
  }

  /** RPC from the status API: the current totals. */
  totals(): { online: number; active: number; reading: ReadingCounts } {
    return { online: this.merged.online, active: this.merged.active, reading: this.readingCounts() };
  }

  /** RPC from the entry (the desk's first paint): what the desk shows now. */
  deskSnapshot(): Extract<DeskServerMessage, { type: "desk-snapshot" }> {
    const now = Date.now();
    return {
      type: "desk-snapshot",
      ...this.deskNow(),
      minutes: this.desk.minutes(now, this.merged.online),
      log: this.desk.recentLog(),
      author: this.author.current(now),
    };
  }

  /** RPC from the entry (the desk, through the app): the author's status, or null to clear it. */
  async setAuthorStatus(status: AuthorStatus | null): Promise<void> {
    await this.author.set(status && status.until > Date.now() ? status : null);
    this.changed();
    await this.scheduleAlarm();
  }

  /** RPC from the entry: the app withdrew someone's older tokens. Returns the rooms that may hold their sockets. */
  async withdraw(withdrawal: Withdrawal): Promise<string[]> {
    await this.withdrawals.withdraw(withdrawal, Date.now());
    // Signed out of that browser: its desk closes (a privacy change leaves an owner an owner).
    this.closeDesks((desk) => desk.userId === withdrawal.userId && desk.sessionId === withdrawal.sessionId, CLOSE_CODES.invalidSession, "signed out");
    const now = Date.now();
    for (const [slug, at] of this.emptiedRooms) if (now - at > EMPTIED_ROOM_MEMORY_MS) this.emptiedRooms.delete(slug);
    return [...this.rooms.senders(), ...this.emptiedRooms.keys()];
  }

  /** RPC from the entry, for every socket that brings a token. */
  isWithdrawn(withdrawal: Withdrawal): boolean {
    return this.withdrawals.isWithdrawn(withdrawal);
  }

  async onAlarm(): Promise<void> {
    const now = Date.now();
    // A desk whose tab never replaced its socket before the token ended (the tab asleep, or a
    // script) reconnects with a fresh ticket, if its person is still an owner.
    this.closeDesks((desk) => now > desk.expiresAt + this.settings.ghostAfterMs, CLOSE_CODES.identityExpired, "presence token expired");
    if (this.rooms.expire(now).length > 0) {
      await this.ctx.storage.put(ROOMS_STORAGE_KEY, this.rooms.toStorage());
      this.changed();
    }
    const expiredShards = this.shards.expire(now);
    if (expiredShards.length > 0) await this.ctx.storage.delete(expiredShards.map((shard) => SHARD_KEY_PREFIX + shard));
    // A listing hold that passed lists its person now, whoever's shard reports next.
    if (expiredShards.length > 0 || Object.values(this.merged.holds).some((until) => until <= now)) await this.remerge({});
    // The author's status goes by itself, whether or not anyone is connected.
    if (await this.author.expire(now)) this.changed();
    if (this.nextLastSeenHeartbeatAt !== null && this.nextLastSeenHeartbeatAt <= now) {
      // Seen when a socket of theirs last sent a heartbeat, not "now" (one that went silent may not be swept yet).
      const online = this.merged.people.map((person) => ({ userId: person.id, seenAt: Math.min(now, this.merged.lastHeard.get(person.id) ?? now) }));
      await this.lastSeen.add(online, now);
      this.nextLastSeenHeartbeatAt = online.length > 0 ? now + LAST_SEEN_HEARTBEAT_MS : null;
    }
    await this.lastSeen.deliverDue(now);
    await this.webhooks?.deliverDue(now);
    await this.insightDeliveries.deliverDue(now);
    await this.insightsRetention.sendDue(now);
    await this.insights.prune(now);
    await this.desk.save();
    await this.scheduleAlarm();
  }

  /** Recomputes the merged state after the shards' reports changed, and passes on what changed. */
  private async remerge(departures: Record<string, number>): Promise<void> {
    const before = this.merged;
    const now = Date.now();
    this.merged = mergeShards(this.shards.reports(), { now, listed: new Set(before.people.map((person) => person.id)) });
    const peopleDiff = diffPeople(before.people, this.merged.people);
    const countsMoved = before.online !== this.merged.online || before.active !== this.merged.active;
    // A new hold reaches the person's other shards with the view, so every device of theirs can say it.
    if (peopleDiff || countsMoved || !sameHolds(before.holds, this.merged.holds)) this.changed();
    if (this.desk.observe(this.merged.online, now)) this.changed();
    // The desk's log may have new lines even when no figure moved.
    this.deskPush.request();
    if (peopleDiff) {
      // A listed person who is now online nowhere, hidden or not, has left: last seen when their
      // last socket closed (or their last heartbeat, for a vanished one).
      const left = before.people
        .filter((person) => !this.merged.userIds.has(person.id))
        .map((person) => ({ userId: person.id, seenAt: departures[person.id] ?? before.lastHeard.get(person.id) ?? now }));
      await this.lastSeen.add(left, now + LAST_SEEN_FLUSH_DELAY_MS);
      if (this.merged.people.length > 0) this.nextLastSeenHeartbeatAt ??= now + LAST_SEEN_HEARTBEAT_MS;
      const events = this.statuses.apply(peopleDiff.upserts, peopleDiff.removed, now);
      this.statusStreams.publish(events);
      await this.webhooks?.add(
        events.map((event) => ({ id: crypto.randomUUID(), ...event })),
        now,
      );
    }
    await this.scheduleAlarm();
  }

  /** The site's view changed: the shards and the owner's desk (which shows the same figures) hear of it. */
  private changed(): void {
    this.version = Math.max(Date.now(), this.version + 1);
    this.push.request();
    this.deskPush.request();
  }

  private closeDesks(which: (desk: DeskSocket) => boolean, code: number, reason: string): void {
    for (const connection of this.getConnections<DeskSocket>()) {
      const desk = connection.state;
      if (desk && which(desk)) connection.close(code, reason);
    }
  }

  /** One alarm for everything the lobby does in time: expiring silent senders, heartbeats, deliveries, the author's status, desks' tokens. */
  private async scheduleAlarm(): Promise<void> {
    const desks = [...this.getConnections<DeskSocket>()].flatMap((connection) => (connection.state ? [connection.state.expiresAt + this.settings.ghostAfterMs + 1] : []));
    const due = [
      ...desks,
      this.rooms.size + this.shards.size > 0 ? Date.now() + LOBBY_SWEEP_INTERVAL_MS : null,
      this.nextLastSeenHeartbeatAt,
      this.author.expiresAt,
      ...Object.values(this.merged.holds),
      await this.lastSeen.dueAt(),
      (await this.webhooks?.dueAt()) ?? null,
      await this.insightDeliveries.dueAt(),
      // Always set: the retention holds on a blog nobody visits.
      await this.insightsRetention.dueAt(Date.now()),
    ].filter((at): at is number => at !== null);
    if (due.length > 0) await armAlarm(this.ctx.storage, Math.min(...due));
  }

  /**
   * After a restart the reports on file may describe sockets that are gone, and a shard or room
   * nobody reconnects to would never say so. Waking each sender makes it report what it really
   * holds (an object that starts always reports); one that is awake already is untouched.
   */
  private async wakeReporters(): Promise<void> {
    const wakings = [
      ...this.shards.senders().map((shard) => getServerByName(this.env.Site, shard)),
      ...this.rooms.senders().map((slug) => getServerByName(this.env.Article, slug)),
    ];
    for (const result of await Promise.allSettled(wakings)) {
      if (result.status === "rejected") console.error("lobby: could not wake a reporter", result.reason);
    }
  }

  /** "Reading now" per site, by the slugs its pages link to: each site's pages show their own posts. */
  private readingBySite(): ReadingBySite {
    const bySite: ReadingBySite = {};
    for (const [room, count] of this.rooms.entries()) {
      const post = parseRoomName(room);
      if (post) (bySite[post.siteId] ??= {})[post.slug] = count;
    }
    return bySite;
  }

  /** The app's own posts (the desk and the status API are the app's). */
  private readingCounts(): ReadingCounts {
    return this.readingBySite()[this.settings.homeSite.id] ?? {};
  }

  private deskNow() {
    const { online, active } = this.merged;
    return { online, active, reading: this.readingCounts(), today: this.desk.today, record: this.desk.record };
  }

  private async pushDesk(): Promise<void> {
    const now = Date.now();
    await this.desk.save();
    const log = this.desk.takeFresh();
    const desks = [...this.getConnections()];
    if (desks.length === 0) return;
    const minutes = this.desk.minutes(now, this.merged.online);
    const update: DeskServerMessage = { type: "desk-update", ...this.deskNow(), minute: minutes.at(-1)!, log };
    const frame = JSON.stringify(update);
    for (const connection of desks) {
      try {
        connection.send(frame);
      } catch {
        // Closed meanwhile.
      }
    }
  }

  private async pushView(): Promise<void> {
    const view = this.currentView();
    const known = new Set(siteShardNames(this.settings.siteShards));
    const pushes = this.shards
      .senders()
      .filter((shard) => known.has(shard))
      .map(async (shard) => (await getServerByName(this.env.Site, shard)).applyView(view));
    for (const result of await Promise.allSettled(pushes)) {
      if (result.status === "rejected") console.error("lobby: could not push the view to a shard", result.reason);
    }
  }
}
