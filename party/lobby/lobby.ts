import { getServerByName, Server } from "partyserver";
import { isKnownPost } from "../config/posts";
import { type Settings, settingsOf } from "../config/settings";
import { siteShardNames } from "../config/site-shards";
import { armAlarm } from "../core/alarms";
import { Throttle } from "../core/throttle";
import { LAST_SEEN_FLUSH_DELAY_MS, LAST_SEEN_HEARTBEAT_MS, LOBBY_SWEEP_INTERVAL_MS, REPORT_TTL_MS, VIEW_PUSH_WINDOW_MS } from "../core/timing";
import type { OnlinePerson, ReadingCounts } from "../shared/protocol";
import { INTERNAL_PATHS } from "../shared/signed-calls";
import { lastSeenOutbox, webhookOutbox } from "./deliveries";
import { type Filed, ReportBook } from "./report-book";
import { diffPeople, type MergedShards, mergeShards, type ShardReport, type SiteView } from "./site-view";
import { StatusTracker } from "./status-events";
import { StatusStreams } from "./status-stream";
import { type Withdrawal, Withdrawals } from "./withdrawals";

const ROOMS_STORAGE_KEY = "rooms";
/** One key per shard, so a report rewrites only its own shard's entry. */
const SHARD_KEY_PREFIX = "shard-report:";

/**
 * The one lobby, where the site's presence comes together. Article rooms report how many
 * readers they show and site shards their readers; the lobby merges them into the totals, the
 * list of people online and the "reading now" counts, pushes that view to every shard with
 * readers (which fan it out to their sockets), and passes on who came and went: status events
 * (API stream, webhook) and last-seen times to the app. It also keeps which presence tokens
 * the app withdrew. Clients never reach it.
 */
export class Lobby extends Server<Env> {
  private readonly settings: Settings = settingsOf(this.env);
  private readonly rooms = new ReportBook<number>(REPORT_TTL_MS);
  private readonly shards = new ReportBook<ShardReport>(REPORT_TTL_MS);
  private merged: MergedShards = mergeShards([]);
  /** Views are versioned by time, so one sent after a restart is still newer than any before it. */
  private version = Date.now();
  private readonly push = new Throttle(VIEW_PUSH_WINDOW_MS, () => this.pushView());
  private readonly lastSeen = lastSeenOutbox(this.ctx.storage, this.settings);
  private readonly webhooks = webhookOutbox(this.ctx.storage, this.settings);
  private readonly statuses = new StatusTracker();
  private readonly statusStreams = new StatusStreams();
  private readonly withdrawals = new Withdrawals(this.ctx.storage);
  private nextLastSeenHeartbeatAt: number | null = null;

  async onStart(): Promise<void> {
    this.rooms.loadStorage(await this.ctx.storage.get(ROOMS_STORAGE_KEY));
    const stored = await this.ctx.storage.list<Filed<ShardReport>>({ prefix: SHARD_KEY_PREFIX });
    this.shards.loadStorage(Object.fromEntries([...stored].map(([key, filed]) => [key.slice(SHARD_KEY_PREFIX.length), filed])));
    this.merged = mergeShards(this.shards.reports());
    this.statuses.reset(this.merged.people);
    await this.withdrawals.load();
    void this.wakeReporters();
  }

  onRequest(request: Request): Response {
    // Only the worker's entry reaches the lobby, after checking the caller's signature, and only for the status stream.
    if (new URL(request.url).pathname === INTERNAL_PATHS.statusStream) return this.statusStreams.open();
    return new Response("Not Found", { status: 404 });
  }

  /** RPC from an article room: how many readers it shows. */
  async reportRoom(slug: string, count: number): Promise<void> {
    if (!isKnownPost(slug) || !Number.isInteger(count) || count < 0) return;
    const before = this.rooms.entries().find(([known]) => known === slug)?.[1] ?? 0;
    if (count === 0) this.rooms.forget(slug);
    else this.rooms.file(slug, count, Date.now());
    await this.ctx.storage.put(ROOMS_STORAGE_KEY, this.rooms.toStorage());
    if (count !== before) this.changed();
    await this.scheduleAlarm();
  }

  /** RPC from a site shard: its readers now, and who left it since its last report. Answers the merged view. */
  async reportShard(shard: string, report: ShardReport): Promise<SiteView> {
    if (report.sessionReaders === 0 && report.userIds.length === 0) {
      this.shards.forget(shard);
      await this.ctx.storage.delete(SHARD_KEY_PREFIX + shard);
    } else {
      await this.ctx.storage.put(SHARD_KEY_PREFIX + shard, this.shards.file(shard, report, Date.now()));
    }
    await this.remerge(report.departures);
    return this.currentView();
  }

  /** RPC: the merged view as it is (a read changes nothing, not even the version). */
  currentView(): SiteView {
    const { online, active, people } = this.merged;
    return { version: this.version, online, active, people, reading: this.readingCounts() };
  }

  /** RPC from the status API: visible people online now, whatever the list's audience. */
  livePeople(): OnlinePerson[] {
    return this.merged.people;
  }

  /** RPC from the status API: the current totals. */
  totals(): { online: number; active: number; reading: ReadingCounts } {
    return { online: this.merged.online, active: this.merged.active, reading: this.readingCounts() };
  }

  /** RPC from the entry: the app withdrew someone's older tokens. Returns the rooms that may hold their sockets. */
  async withdraw(withdrawal: Withdrawal): Promise<string[]> {
    await this.withdrawals.withdraw(withdrawal, Date.now());
    return this.rooms.senders();
  }

  /** RPC from the entry, for every socket that brings a token. */
  isWithdrawn(withdrawal: Withdrawal): boolean {
    return this.withdrawals.isWithdrawn(withdrawal);
  }

  async onAlarm(): Promise<void> {
    const now = Date.now();
    if (this.rooms.expire(now).length > 0) {
      await this.ctx.storage.put(ROOMS_STORAGE_KEY, this.rooms.toStorage());
      this.changed();
    }
    const expiredShards = this.shards.expire(now);
    if (expiredShards.length > 0) {
      await this.ctx.storage.delete(expiredShards.map((shard) => SHARD_KEY_PREFIX + shard));
      await this.remerge({});
    }
    if (this.nextLastSeenHeartbeatAt !== null && this.nextLastSeenHeartbeatAt <= now) {
      // Seen when a socket of theirs last sent a heartbeat, not "now" (one that went silent may not be swept yet).
      const online = this.merged.people.map((person) => ({ userId: person.id, seenAt: Math.min(now, this.merged.lastHeard.get(person.id) ?? now) }));
      await this.lastSeen.add(online, now);
      this.nextLastSeenHeartbeatAt = online.length > 0 ? now + LAST_SEEN_HEARTBEAT_MS : null;
    }
    await this.lastSeen.deliverDue(now);
    await this.webhooks?.deliverDue(now);
    await this.scheduleAlarm();
  }

  /** Recomputes the merged state after the shards' reports changed, and passes on what changed. */
  private async remerge(departures: Record<string, number>): Promise<void> {
    const before = this.merged;
    this.merged = mergeShards(this.shards.reports());
    const peopleDiff = diffPeople(before.people, this.merged.people);
    if (peopleDiff || before.online !== this.merged.online || before.active !== this.merged.active) this.changed();
    if (peopleDiff) {
      const now = Date.now();
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

  private changed(): void {
    this.version = Math.max(Date.now(), this.version + 1);
    this.push.request();
  }

  /** One alarm for everything the lobby does in time: expiring silent senders, heartbeats, deliveries. */
  private async scheduleAlarm(): Promise<void> {
    const due = [
      this.rooms.size + this.shards.size > 0 ? Date.now() + LOBBY_SWEEP_INTERVAL_MS : null,
      this.nextLastSeenHeartbeatAt,
      await this.lastSeen.dueAt(),
      (await this.webhooks?.dueAt()) ?? null,
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

  private readingCounts(): ReadingCounts {
    return Object.fromEntries(this.rooms.entries());
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
