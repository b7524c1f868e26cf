import { getServerByName, Server } from "partyserver";
import { Coalescer } from "./coalescer";
import { type Env, SITE_ROOM } from "./env";
import { POST_SLUGS } from "./post-slugs.generated";
import type { ReadingCounts } from "./protocol";
import { LOBBY_PUSH_DELAY_MS, LOBBY_SWEEP_INTERVAL_MS, ROOM_REPORT_TTL_MS } from "./timing";

interface RoomReport {
  count: number;
  reportedAt: number;
}

const ROOMS_STORAGE_KEY = "rooms";

/**
 * The one lobby: gathers per-room reader counts from article rooms and pushes
 * the merged "reading now" counts to site presence, which fans them out.
 * Clients never talk to it directly.
 */
export class Lobby extends Server<Env> {
  private rooms = new Map<string, RoomReport>();
  private readonly push = new Coalescer(LOBBY_PUSH_DELAY_MS, () => this.pushToSite());

  async onStart(): Promise<void> {
    const stored = await this.ctx.storage.get<Record<string, RoomReport>>(ROOMS_STORAGE_KEY);
    this.rooms = new Map(Object.entries(stored ?? {}));
  }

  /** RPC from an article room. */
  async reportRoom(slug: string, count: number): Promise<void> {
    if (!POST_SLUGS.includes(slug) || !Number.isInteger(count) || count < 0) return;
    if (count === 0) this.rooms.delete(slug);
    else this.rooms.set(slug, { count, reportedAt: Date.now() });
    await this.persist();
    this.push.schedule();
  }

  async onAlarm(): Promise<void> {
    const cutoff = Date.now() - ROOM_REPORT_TTL_MS;
    let expired = false;
    for (const [slug, report] of this.rooms) {
      if (report.reportedAt < cutoff) expired = this.rooms.delete(slug) || expired;
    }
    await this.persist();
    if (expired) await this.pushToSite();
  }

  readingCounts(): ReadingCounts {
    return Object.fromEntries([...this.rooms].map(([slug, report]) => [slug, report.count]));
  }

  private async persist(): Promise<void> {
    await this.ctx.storage.put(ROOMS_STORAGE_KEY, Object.fromEntries(this.rooms));
    if (this.rooms.size > 0 && (await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + LOBBY_SWEEP_INTERVAL_MS);
    }
  }

  private async pushToSite(): Promise<void> {
    const site = await getServerByName(this.env.Site, SITE_ROOM);
    await site.publishReading(this.readingCounts());
  }
}
