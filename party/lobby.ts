import { getServerByName, Server } from "partyserver";
import { Coalescer } from "./coalescer";
import type { Env } from "./env";
import { LastSeenOutbox } from "./last-seen-outbox";
import { armAlarm } from "./liveness";
import { POST_SLUGS } from "./post-slugs.generated";
import { INTERNAL_PATHS, type OnlinePerson, type ReadingCounts } from "./protocol";
import { type Filed, ReportBook } from "./report-book";
import { diffPeople, type MergedShards, mergeShards, type ShardReport, type SiteView } from "./site-view";
import { StatusTracker } from "./status-events";
import { StatusStreams } from "./status-stream";
import { LOBBY_SWEEP_INTERVAL_MS, REPORT_TTL_MS, VIEW_PUSH_DELAY_MS } from "./timing";
import { WebhookOutbox } from "./webhook-outbox";

const ROOMS_STORAGE_KEY = "rooms";
/** One key per shard, so a report rewrites only its own shard's entry. */
const SHARD_KEY_PREFIX = "shard-report:";

/**
 * The one lobby, where the site's presence comes together. Article rooms report their
 * reader counts and site shards their readers; the lobby merges them into the totals, the
 * list of people online and the "reading now" counts, pushes that view to every shard with
 * readers (which fan it out to their sockets), and passes on who came and went: status
 * events (API stream, webhook) and last-seen reports to the app. Clients never reach it.
 */
export class Lobby extends Server<Env> {
  private readonly rooms = new ReportBook<number>(REPORT_TTL_MS);
  private readonly shards = new ReportBook<ShardReport>(REPORT_TTL_MS);
  private merged: MergedShards = mergeShards([]);
  private version = 0;
  private readonly push = new Coalescer(VIEW_PUSH_DELAY_MS, () => this.pushView());
  private readonly lastSeen = new LastSeenOutbox({ ctx: this.ctx, env: this.env });
  private readonly statuses = new StatusTracker();
  private readonly statusStreams = new StatusStreams();
  private readonly webhooks = new WebhookOutbox({ ctx: this.ctx, env: this.env });

  async onStart(): Promise<void> {
    this.rooms.loadStorage(await this.ctx.storage.get(ROOMS_STORAGE_KEY));
    const stored = await this.ctx.storage.list<Filed<ShardReport>>({ prefix: SHARD_KEY_PREFIX });
    this.shards.loadStorage(Object.fromEntries([...stored].map(([key, filed]) => [key.slice(SHARD_KEY_PREFIX.length), filed])));
    this.merged = mergeShards(this.shards.reports());
    this.statuses.reset(this.merged.people);
    void this.wakeReporters();
  }

  onRequest(request: Request): Response {
    // The lobby is no public room: only the worker's entry reaches it, after checking the
    // caller's signature, and only for the status stream.
    if (new URL(request.url).pathname === INTERNAL_PATHS.statusStream) return this.statusStreams.open();
    return new Response("Not Found", { status: 404 });
  }

  /** RPC from an article room. */
  async reportRoom(slug: string, count: number): Promise<void> {
    if (!POST_SLUGS.includes(slug) || !Number.isInteger(count) || count < 0) return;
    if (count === 0) this.rooms.forget(slug);
    else this.rooms.file(slug, count, Date.now());
    await this.ctx.storage.put(ROOMS_STORAGE_KEY, this.rooms.toStorage());
    await this.keepSweeping();
    this.push.schedule();
  }

  /** RPC from a site shard: its readers now, and who left it since its last report. Answers the merged view. */
  async reportShard(shard: string, report: ShardReport): Promise<SiteView> {
    if (report.sessionReaders === 0 && report.userIds.length === 0) {
      this.shards.forget(shard);
      await this.ctx.storage.delete(SHARD_KEY_PREFIX + shard);
    } else {
      const filed = this.shards.file(shard, report, Date.now());
      await this.ctx.storage.put(SHARD_KEY_PREFIX + shard, filed);
    }
    await this.remerge(report.departures);
    return this.currentView();
  }

  /** RPC: the merged view, for a shard without readers (which gets no pushes). */
  currentView(): SiteView {
    this.version = Math.max(Date.now(), this.version + 1);
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

  async onAlarm(): Promise<void> {
    const now = Date.now();
    if (this.rooms.expire(now).length > 0) {
      await this.ctx.storage.put(ROOMS_STORAGE_KEY, this.rooms.toStorage());
      this.push.schedule();
    }
    const expiredShards = this.shards.expire(now);
    if (expiredShards.length > 0) {
      await this.ctx.storage.delete(expiredShards.map((shard) => SHARD_KEY_PREFIX + shard));
      await this.remerge({});
    }
    await this.keepSweeping();
    // Visible people online: seen when a socket of theirs last sent a heartbeat, not "now"
    // (one that went silent may not have been swept yet).
    const online = this.merged.people.map((person) => ({ userId: person.id, seenAt: this.merged.lastHeard.get(person.id) ?? now }));
    await this.lastSeen.onAlarm(online);
    await this.webhooks.onAlarm();
  }

  /** Recomputes the merged state after the shards' reports changed, and passes on what changed. */
  private async remerge(departures: Record<string, number>): Promise<void> {
    const before = this.merged;
    this.merged = mergeShards(this.shards.reports());
    await this.keepSweeping();
    const peopleDiff = diffPeople(before.people, this.merged.people);
    if (peopleDiff || before.online !== this.merged.online || before.active !== this.merged.active) this.push.schedule();
    if (!peopleDiff) return;

    const now = Date.now();
    // A listed person who is now online nowhere, hidden or not, has left: last seen when
    // their last connection closed (or their last heartbeat, for a vanished one).
    for (const person of before.people) {
      if (this.merged.userIds.has(person.id)) continue;
      await this.lastSeen.markLeft(person.id, departures[person.id] ?? before.lastHeard.get(person.id) ?? now);
    }
    if (this.merged.people.length > 0) await this.lastSeen.markOnline();
    const events = this.statuses.apply(peopleDiff.upserts, peopleDiff.removed, now);
    this.statusStreams.publish(events);
    await this.webhooks.enqueue(events);
  }

  /** While anything is reported, an alarm expires reports whose senders fell silent. */
  private async keepSweeping(): Promise<void> {
    if (this.rooms.size + this.shards.size > 0) await armAlarm(this.ctx.storage, Date.now() + LOBBY_SWEEP_INTERVAL_MS);
  }

  /**
   * After a restart the reports on file may describe sockets that are gone, and a shard or
   * room nobody reconnects to would never say so. Waking each sender makes it report what it
   * really holds (an object that starts always reports); one that is awake already is untouched.
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
    await Promise.all(
      this.shards.senders().map(async (shard) => {
        const site = await getServerByName(this.env.Site, shard);
        await site.applyView(view);
      }),
    );
  }
}
