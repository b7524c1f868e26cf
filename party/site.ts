import { type Connection, type ConnectionContext, Server, type WSMessage } from "partyserver";
import { admit } from "./admission";
import { identityFrom, type VerifiedIdentity } from "./authenticate";
import { Coalescer } from "./coalescer";
import type { Env } from "./env";
import { LastSeenOutbox } from "./last-seen-outbox";
import { Departures, type LivenessState } from "./departures";
import {
  answerHeartbeats,
  armAlarm,
  GHOST_CLOSE_CODE,
  ghostConnections,
  graceMs,
  isOpen,
  nextSweepAt,
  WAKE_WINDOW_MS,
} from "./liveness";
import { CLOSE_CODES, MessageGuard } from "./message-guard";
import { type GroupEntry, PresenceGroups } from "./presence-groups";
import {
  INTERNAL_PATHS,
  type OnlinePerson,
  parseFrame,
  type ReadingCounts,
  readingCountsSchema,
  siteClientMessageSchema,
  type SiteSummary,
} from "./protocol";
import { ReaderIndex, userKey } from "./reader-index";
import { readerIdentity } from "./reader-identity";
import { encodeSite, sendSite } from "./send";
import { SessionQuota } from "./session-quota";
import { StatusTracker } from "./status-events";
import { StatusStreams } from "./status-stream";
import { WebhookOutbox } from "./webhook-outbox";
import { COUNT_BROADCAST_DELAY_MS, PEOPLE_TICK_MS } from "./timing";

/** What a site connection is; kept in its attachment so it survives hibernation. */
interface SiteConnectionState extends LivenessState {
  identity: VerifiedIdentity;
  location: string | null;
}

const READING_STORAGE_KEY = "reading";
// Persisted so a woken object still knows what clients last saw and broadcasts only real changes.
const LAST_ONLINE_STORAGE_KEY = "last-online";
const SIGNED_IN_TAG = "signed-in";

/**
 * Site presence: how many readers are on the site now (one per person or browser
 * session), who of the signed-in, visible people is online and where, and the
 * per-post "reading now" counts that the lobby pushes in.
 */
export class Site extends Server<Env> {
  static options = { hibernate: true };

  private readonly readers = new ReaderIndex();
  /** The same counting rules over active connections only: readers with an active tab. */
  private readonly activeReaders = new ReaderIndex();
  /** Visible signed-in people; the value is the post they are on. */
  private readonly people = new PresenceGroups<string | null>();
  private readonly guard = new MessageGuard();
  private readonly quota = new SessionQuota();
  private startedAt = 0;
  private readonly lastSeen = new LastSeenOutbox({ ctx: this.ctx, env: this.env });
  private reading: ReadingCounts = {};
  private lastBroadcast = { online: -1, active: -1 };
  private readonly onlineBroadcast = new Coalescer(COUNT_BROADCAST_DELAY_MS, () => this.broadcastOnline());
  private readonly peopleTick = new Coalescer(PEOPLE_TICK_MS, () => this.broadcastPeople());
  private readonly departures = new Departures(graceMs(this.env));
  private readonly statuses = new StatusTracker();
  private readonly statusStreams = new StatusStreams();
  private readonly webhooks = new WebhookOutbox({ ctx: this.ctx, env: this.env });

  async onStart(): Promise<void> {
    this.startedAt = Date.now();
    answerHeartbeats(this.ctx);
    for (const connection of this.getConnections<SiteConnectionState>()) {
      if (connection.state) await this.track(connection.id, connection.state);
    }
    this.people.takeDiff();
    this.statuses.reset(this.peopleNow());
    const lastCounts = await this.ctx.storage.get<{ online: number; active: number }>(LAST_ONLINE_STORAGE_KEY);
    if (typeof lastCounts === "object" && lastCounts !== null) this.lastBroadcast = lastCounts;
    if (this.countsChanged()) this.onlineBroadcast.schedule();
    const stored = readingCountsSchema.safeParse(await this.ctx.storage.get(READING_STORAGE_KEY));
    this.reading = stored.success ? stored.data : {};
  }

  getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    return identityFrom(ctx.request)?.user ? [SIGNED_IN_TAG] : [];
  }

  async onConnect(connection: Connection<SiteConnectionState>, ctx: ConnectionContext): Promise<void> {
    const identity = admit(connection, ctx.request, { departures: this.departures, quota: this.quota });
    if (!identity) return;
    const state: SiteConnectionState = { identity, location: null, connectedAt: Date.now(), active: true };
    connection.setState(state);
    await this.track(connection.id, state);
    await armAlarm(this.ctx.storage, nextSweepAt(Date.now()));
    sendSite(connection, {
      type: "site-snapshot",
      online: this.readers.count,
      active: this.activeReaders.count,
      reading: this.reading,
      people: this.mayListPeople(identity) ? this.peopleNow() : null,
    });
    this.onlineBroadcast.schedule();
    this.peopleTick.schedule();
  }

  onMessage(connection: Connection<SiteConnectionState>, raw: WSMessage): void {
    const now = Date.now();
    const verdict = this.guard.admit(connection.id, now);
    const message = verdict === "accept" ? parseFrame(siteClientMessageSchema, raw) : null;
    if (message && connection.state) {
      if (message.type === "location") {
        connection.setState({ ...connection.state, location: message.slug });
        if (this.people.update(connection.id, message.slug, now)) this.peopleTick.schedule();
      } else {
        this.applyActivity(connection.id, connection.state, message.active);
        connection.setState({ ...connection.state, active: message.active });
      }
      return;
    }
    if (verdict === "close" || (verdict === "accept" && this.guard.reject(connection.id, now) === "close")) {
      connection.close(CLOSE_CODES.tooManyRejected, "too many invalid or throttled messages");
    }
  }

  async onClose(connection: Connection<SiteConnectionState>, code: number): Promise<void> {
    await this.depart(connection, code);
  }

  async onError(connection: Connection<SiteConnectionState>): Promise<void> {
    await this.depart(connection, 1006);
  }

  /**
   * A socket closed: it leaves at once (goodbye) or after the grace window. Two cases need
   * care. PartySocket reconnects under the same connection id, so a departure never removes
   * a connection that is open again. And a close that woke this object finds state rebuilt
   * from open sockets only: the closed one is tracked again first, so its leaving is
   * announced (counts, lists, events, last-seen) like any other.
   */
  private async depart(connection: Connection<SiteConnectionState>, code: number): Promise<void> {
    const { id } = connection;
    const state = connection.state;
    if (this.departures.wasSwept(id)) return;
    const wokeForThisClose = Date.now() - this.startedAt < WAKE_WINDOW_MS;
    if (wokeForThisClose && state && this.readers.keyOf(id) === undefined && !isOpen(this, id)) await this.track(id, state);
    this.departures.schedule(id, code, () => (isOpen(this, id) ? undefined : this.leave(id, state)));
  }

  onRequest(request: Request): Response {
    if (request.method !== "GET") return new Response("Method Not Allowed", { status: 405 });
    // Only the worker's entry builds this path, after checking the caller's signature:
    // public requests reach this object as /parties/site/global and nothing else.
    if (new URL(request.url).pathname === INTERNAL_PATHS.statusStream) return this.statusStreams.open();
    const viewer = identityFrom(request);
    const summary: SiteSummary = {
      online: this.readers.count,
      active: this.activeReaders.count,
      reading: this.reading,
      includesSession: viewer !== null && this.readers.hasSession(viewer.sessionId),
      people: this.audience() === "public" ? this.peopleNow() : null,
    };
    return Response.json(summary, { headers: { "Cache-Control": "no-store" } });
  }

  async onAlarm(): Promise<void> {
    const now = Date.now();
    for (const ghost of ghostConnections(this.ctx, this.getConnections<SiteConnectionState>(), now)) {
      // Silent for longer than any grace window already: gone now, without waiting again.
      this.departures.sweep(ghost.id);
      // Last seen when their last heartbeat arrived, not now.
      const lastHeard = this.ctx.getWebSocketAutoResponseTimestamp(ghost)?.getTime() ?? ghost.state?.connectedAt ?? now;
      await this.leave(ghost.id, ghost.state, lastHeard);
      ghost.close(GHOST_CLOSE_CODE, "no heartbeat");
    }
    // The next sweep is set before any network call below, which may be slow.
    if (this.readers.count > 0) await armAlarm(this.ctx.storage, nextSweepAt(now));
    await this.lastSeen.onAlarm(this.visibleUserIdsOnline());
    await this.webhooks.onAlarm();
  }

  /** Called by the lobby (RPC) with the latest per-post reader counts. */
  async publishReading(reading: ReadingCounts): Promise<void> {
    const parsed = readingCountsSchema.safeParse(reading);
    if (!parsed.success || sameCounts(parsed.data, this.reading)) return;
    this.reading = parsed.data;
    await this.ctx.storage.put(READING_STORAGE_KEY, this.reading);
    this.broadcast(encodeSite({ type: "reading", reading: this.reading }));
  }

  /** Called (RPC) by the status API: visible people online now, whatever the list's audience. */
  livePeople(): OnlinePerson[] {
    return this.peopleNow();
  }

  /** Called (RPC) by the status API: the current totals. */
  totals(): { online: number; active: number; reading: ReadingCounts } {
    return { online: this.readers.count, active: this.activeReaders.count, reading: this.reading };
  }

  /** Called (RPC) when a person's identity changed in the app: their tabs fetch a new ticket. */
  refreshIdentity(userId: string): number {
    let told = 0;
    for (const connection of this.getConnections<SiteConnectionState>(SIGNED_IN_TAG)) {
      if (connection.state?.identity.user?.id !== userId) continue;
      sendSite(connection, { type: "identity-stale" });
      told++;
    }
    return told;
  }

  private async track(connectionId: string, { identity, location, active = true }: SiteConnectionState): Promise<void> {
    this.quota.take(connectionId, identity.sessionId);
    const owner = { sessionId: identity.sessionId, userId: identity.user?.id ?? null };
    this.readers.add(connectionId, owner);
    if (active) this.activeReaders.add(connectionId, owner);
    if (identity.user?.visible) {
      // Visible people are listed under their user id.
      this.people.join(connectionId, { ...(await readerIdentity(identity, this.env.PRESENCE_SECRET ?? "")), id: identity.user.id }, location, 0, active);
      await this.lastSeen.markOnline();
    }
  }

  /** Idempotent: a ghost swept by the alarm may still report its close later. */
  private async leave(connectionId: string, state: SiteConnectionState | null, leftAt = Date.now()): Promise<void> {
    this.guard.forget(connectionId);
    this.quota.release(connectionId);
    if (this.readers.keyOf(connectionId) === undefined) return;
    const countChanged = this.readers.remove(connectionId);
    if (this.activeReaders.remove(connectionId) || countChanged) this.onlineBroadcast.schedule();
    if (this.people.leave(connectionId)) this.peopleTick.schedule();
    const user = state?.identity.user;
    if (user?.visible && !this.readers.has(userKey(user.id))) await this.lastSeen.markLeft(user.id, leftAt);
  }

  private audience(): "public" | "signed-in" {
    return this.env.ONLINE_LIST_AUDIENCE === "signed-in" ? "signed-in" : "public";
  }

  private mayListPeople(identity: VerifiedIdentity): boolean {
    return this.audience() === "public" || identity.user !== null;
  }

  private peopleNow(): OnlinePerson[] {
    return this.people.snapshot().map(toOnlinePerson);
  }

  private visibleUserIdsOnline(): string[] {
    return this.people.snapshot().map((entry) => entry.identity.id);
  }

  private applyActivity(connectionId: string, { identity }: SiteConnectionState, active: boolean): void {
    const owner = { sessionId: identity.sessionId, userId: identity.user?.id ?? null };
    const changed = active ? this.activeReaders.add(connectionId, owner) : this.activeReaders.remove(connectionId);
    if (changed) this.onlineBroadcast.schedule();
    if (this.people.setActive(connectionId, active)) this.peopleTick.schedule();
  }

  private countsChanged(): boolean {
    return this.lastBroadcast.online !== this.readers.count || this.lastBroadcast.active !== this.activeReaders.count;
  }

  private async broadcastOnline(): Promise<void> {
    if (!this.countsChanged()) return;
    this.lastBroadcast = { online: this.readers.count, active: this.activeReaders.count };
    this.broadcast(encodeSite({ type: "online", ...this.lastBroadcast }));
    await this.ctx.storage.put(LAST_ONLINE_STORAGE_KEY, this.lastBroadcast);
  }

  private async broadcastPeople(): Promise<void> {
    const diff = this.people.takeDiff();
    if (!diff) return;
    const frame = encodeSite({ type: "people-diff", upserts: diff.upserts.map(toOnlinePerson), removed: diff.removed });
    if (this.audience() === "public") this.broadcast(frame);
    else for (const connection of this.getConnections(SIGNED_IN_TAG)) connection.send(frame);
    // The same changes, as status events for the owner's systems (status API stream, webhook).
    const changes = diff.upserts.map((entry) => ({ id: entry.identity.id, active: entry.active }));
    const events = this.statuses.apply(changes, diff.removed, Date.now());
    this.statusStreams.publish(events);
    await this.webhooks.enqueue(events);
  }
}

function toOnlinePerson({ identity, value, active }: GroupEntry<string | null>): OnlinePerson {
  return { id: identity.id, name: identity.label, image: identity.image, reading: value, active };
}

function sameCounts(a: ReadingCounts, b: ReadingCounts): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((slug) => a[slug] === b[slug]);
}
