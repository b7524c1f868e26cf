import { type Connection, type ConnectionContext, getServerByName, Server, type WSMessage } from "partyserver";
import { admit } from "./admission";
import { identityFrom, type VerifiedIdentity } from "./authenticate";
import { type Env, LOBBY_ROOM } from "./env";
import { Departures, type LivenessState } from "./departures";
import {
  answerHeartbeats,
  armAlarm,
  GHOST_CLOSE_CODE,
  ghostConnections,
  graceMs,
  isOpen,
  lobbyReminderDue,
  logWake,
  sweepIntervalMs,
  WAKE_WINDOW_MS,
} from "./liveness";
import { CLOSE_CODES, MessageGuard } from "./message-guard";
import { type GroupEntry, PresenceGroups } from "./presence-groups";
import { parseFrame, siteClientMessageSchema, type SiteSummary } from "./protocol";
import { LobbyLink } from "./lobby-link";
import { ReaderIndex, userKey } from "./reader-index";
import { readerIdentity } from "./reader-identity";
import { RoomLeases, roomsPerSession } from "./room-leases";
import { encodeSite, sendQuietly, sendSite } from "./send";
import { SessionQuota } from "./session-quota";
import { diffPeople, EMPTY_VIEW, type ShardPerson, type ShardReport, type SiteView } from "./site-view";
import { SHARD_REPORT_RETRY_MS } from "./timing";

/** What a site connection is; kept in its attachment so it survives hibernation. */
interface SiteConnectionState extends LivenessState {
  identity: VerifiedIdentity;
  location: string | null;
}

// Persisted so a woken shard still knows what its clients last saw and sends only real changes.
const VIEW_STORAGE_KEY = "view";
const SIGNED_IN_TAG = "signed-in";

/**
 * One shard of site presence: the sockets of the browser sessions that hash here. It
 * counts its own readers (one per person or browser session), keeps who of the signed-in,
 * visible people is here and where, and reports both to the lobby. The lobby merges every
 * shard's report into the site's view (totals, people online, "reading now" counts) and
 * pushes it back; the shard sends its sockets what changed.
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
  private readonly departures = new Departures(graceMs(this.env));
  private readonly sweepMs = sweepIntervalMs(this.env);
  private startedAt = 0;
  /** The site's merged view as this shard's sockets last received it. */
  private view: SiteView = EMPTY_VIEW;
  /** Whether the lobby knows this shard has readers, and so pushes it every new view. */
  private receivingViews = false;
  /** New sockets get their snapshot once the lobby has counted them, so it already includes them. */
  private readonly awaitingSnapshot = new Set<string>();
  private readonly lobbyLink = new LobbyLink(() => this.reportToLobby());
  private lastReportAt = 0;
  private readonly roomLeases = new RoomLeases(roomsPerSession(this.env));
  /** Signed-in people whose last connection here closed since the last report, and when. */
  private readonly departedUsers = new Map<string, number>();

  async onStart(): Promise<void> {
    this.startedAt = Date.now();
    answerHeartbeats(this.ctx);
    let woken = 0;
    for (const connection of this.getConnections<SiteConnectionState>()) {
      if (connection.state) await this.track(connection.id, connection.state);
      woken++;
    }
    logWake("site", this.name, woken);
    this.view = (await this.ctx.storage.get<SiteView>(VIEW_STORAGE_KEY)) ?? EMPTY_VIEW;
    // Woken (or restarted): the lobby hears this shard's readers as they are now.
    this.lobbyLink.later();
  }

  getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    return identityFrom(ctx.request)?.user ? [SIGNED_IN_TAG] : [];
  }

  async onConnect(connection: Connection<SiteConnectionState>, ctx: ConnectionContext): Promise<void> {
    const identity = admit(connection, ctx.request, { departures: this.departures, quota: this.quota });
    if (!identity) return;
    // From now on this socket gets no update before its snapshot.
    this.awaitingSnapshot.add(connection.id);
    const state: SiteConnectionState = { identity, location: null, connectedAt: Date.now(), active: true };
    connection.setState(state);
    await this.track(connection.id, state);
    await armAlarm(this.ctx.storage, Date.now() + this.sweepMs);
    this.lobbyLink.soon();
  }

  onMessage(connection: Connection<SiteConnectionState>, raw: WSMessage): void {
    const now = Date.now();
    const verdict = this.guard.admit(connection.id, now);
    const message = verdict === "accept" ? parseFrame(siteClientMessageSchema, raw) : null;
    if (message && connection.state) {
      if (message.type === "location") {
        connection.setState({ ...connection.state, location: message.slug });
        if (this.people.update(connection.id, message.slug, now)) this.lobbyLink.soon();
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

  /** GET: the site summary for the app's first paint; `includesSession` says whether the asking browser is counted. */
  async onRequest(request: Request): Promise<Response> {
    if (request.method !== "GET") return new Response("Method Not Allowed", { status: 405 });
    const viewer = identityFrom(request);
    // The pushed view is current while the lobby pushes to this shard and knows all it has;
    // a shard without readers just reads the lobby's view.
    if (this.readers.count === 0) await this.applyView(await (await this.lobby()).currentView());
    else if (!this.receivingViews || this.lobbyLink.behind) await this.lobbyLink.now();
    const summary: SiteSummary = {
      online: this.view.online,
      active: this.view.active,
      reading: this.view.reading,
      includesSession: viewer !== null && this.readers.hasSession(viewer.sessionId),
      people: this.audience() === "public" ? this.view.people : null,
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
      this.leave(ghost.id, ghost.state, lastHeard);
      ghost.close(GHOST_CLOSE_CODE, "no heartbeat");
    }
    if (this.readers.count > 0) await armAlarm(this.ctx.storage, now + this.sweepMs);
    // Remind the lobby now and then, and retry a report that failed.
    const reportDue = this.receivingViews && lobbyReminderDue(this.lastReportAt, now, this.sweepMs);
    const lobbyOutOfDate = this.receivingViews !== this.readers.count > 0 || this.departedUsers.size > 0 || this.awaitingSnapshot.size > 0;
    if (reportDue || lobbyOutOfDate) await this.lobbyLink.now();
  }

  /** RPC from the lobby: the site's merged view. Sockets get what changed since the last one. */
  async applyView(view: SiteView): Promise<void> {
    if (view.version <= this.view.version) return;
    const before = this.view;
    this.view = view;
    await this.ctx.storage.put(VIEW_STORAGE_KEY, view);
    // Sockets still waiting for their snapshot get the whole view in it instead.
    const waiting = [...this.awaitingSnapshot];
    if (view.online !== before.online || view.active !== before.active) {
      this.broadcast(encodeSite({ type: "online", online: view.online, active: view.active }), waiting);
    }
    if (!sameCounts(view.reading, before.reading)) this.broadcast(encodeSite({ type: "reading", reading: view.reading }), waiting);
    const peopleDiff = diffPeople(before.people, view.people);
    if (!peopleDiff) return;
    const frame = encodeSite({ type: "people-diff", ...peopleDiff });
    if (this.audience() === "public") this.broadcast(frame, waiting);
    else for (const connection of this.getConnections(SIGNED_IN_TAG)) if (!this.awaitingSnapshot.has(connection.id)) sendQuietly(connection, frame);
  }

  /** RPC from an article room: may this browser session (whose shard this is) have one more post open? */
  openRoom(sessionId: string, room: string, connectionId: string): boolean {
    return this.roomLeases.open(sessionId, room, connectionId);
  }

  /** RPC from an article room: the session's socket there closed. */
  closeRoom(sessionId: string, room: string, connectionId: string): void {
    this.roomLeases.close(sessionId, room, connectionId);
  }

  /** RPC when a person's identity changed in the app: their tabs here fetch a new ticket. */
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
    if (identity.user) this.departedUsers.delete(identity.user.id);
    if (identity.user?.visible) {
      // Visible people are listed under their user id.
      const shown = { ...(await readerIdentity(identity, this.env.PRESENCE_SECRET ?? "")), id: identity.user.id };
      this.people.join(connectionId, shown, location, 0, active);
    }
  }

  /** Idempotent: a ghost swept by the alarm may still report its close later. */
  private leave(connectionId: string, state: SiteConnectionState | null, leftAt = Date.now()): void {
    this.guard.forget(connectionId);
    this.awaitingSnapshot.delete(connectionId);
    this.quota.release(connectionId);
    if (this.readers.keyOf(connectionId) === undefined) return;
    this.readers.remove(connectionId);
    this.activeReaders.remove(connectionId);
    this.people.leave(connectionId);
    const userId = state?.identity.user?.id;
    if (userId !== undefined && !this.readers.has(userKey(userId))) this.departedUsers.set(userId, leftAt);
    // A browser gone from the site has no posts open either, whatever a lost release says.
    if (state && !this.readers.hasSession(state.identity.sessionId)) this.roomLeases.dropSession(state.identity.sessionId);
    this.lobbyLink.soon();
  }

  private applyActivity(connectionId: string, { identity }: SiteConnectionState, active: boolean): void {
    const owner = { sessionId: identity.sessionId, userId: identity.user?.id ?? null };
    const changed = active ? this.activeReaders.add(connectionId, owner) : this.activeReaders.remove(connectionId);
    if (this.people.setActive(connectionId, active) || changed) this.lobbyLink.soon();
  }

  /** Reports this shard's readers to the lobby, adopts the merged view it answers with, and sends waiting sockets their snapshot. */
  private async reportToLobby(): Promise<void> {
    // Sockets that join while the report is on its way are not in it: they wait for the next.
    const counted = [...this.awaitingSnapshot];
    const departures = Object.fromEntries(this.departedUsers);
    const all = this.readers.tally();
    const active = this.activeReaders.tally();
    // The shard reads its groups whole; their change log (used by rooms) is emptied so it can't grow.
    this.people.takeDiff();
    const report: ShardReport = {
      sessionReaders: all.sessions,
      activeSessionReaders: active.sessions,
      userIds: all.userIds,
      activeUserIds: active.userIds,
      people: this.people.snapshot().map(toShardPerson),
      departures,
      lastHeard: this.lastHeardByUser(),
    };
    let view: SiteView;
    try {
      view = await (await this.lobby()).reportShard(this.name, report);
    } catch (error) {
      console.error("site shard: report to the lobby failed; retrying", error);
      await armAlarm(this.ctx.storage, Date.now() + SHARD_REPORT_RETRY_MS);
      // New sockets get the last view known rather than nothing; updates follow once the lobby answers.
      this.sendSnapshots(counted);
      return;
    }
    for (const [userId, at] of Object.entries(departures)) {
      if (this.departedUsers.get(userId) === at) this.departedUsers.delete(userId);
    }
    this.lastReportAt = Date.now();
    this.receivingViews = this.readers.count > 0;
    await this.applyView(view);
    this.sendSnapshots(counted);
  }

  /** When each signed-in person here last sent a heartbeat (or opened a socket), by the runtime's clock. */
  private lastHeardByUser(): Record<string, number> {
    const heard: Record<string, number> = {};
    for (const connection of this.getConnections<SiteConnectionState>(SIGNED_IN_TAG)) {
      const user = connection.state?.identity.user;
      // Only visible people's last-seen is ever recorded.
      if (!user?.visible || !connection.state) continue;
      const userId = user.id;
      const at = this.ctx.getWebSocketAutoResponseTimestamp(connection)?.getTime() ?? connection.state.connectedAt;
      heard[userId] = Math.max(heard[userId] ?? 0, at);
    }
    return heard;
  }

  private sendSnapshots(connectionIds: string[]): void {
    for (const connectionId of connectionIds) {
      this.awaitingSnapshot.delete(connectionId);
      const connection = this.getConnection<SiteConnectionState>(connectionId);
      if (connection?.state) {
        const people = this.mayListPeople(connection.state.identity) ? this.view.people : null;
        const { online, active, reading } = this.view;
        sendQuietly(connection, encodeSite({ type: "site-snapshot", online, active, reading, people }));
      }
    }
  }

  private lobby() {
    return getServerByName(this.env.Lobby, LOBBY_ROOM);
  }

  private audience(): "public" | "signed-in" {
    return this.env.ONLINE_LIST_AUDIENCE === "signed-in" ? "signed-in" : "public";
  }

  private mayListPeople(identity: VerifiedIdentity): boolean {
    return this.audience() === "public" || identity.user !== null;
  }
}

function toShardPerson({ identity, value, active, movedAt }: GroupEntry<string | null>): ShardPerson {
  return { id: identity.id, name: identity.label, image: identity.image, reading: value, active, movedAt };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const aKeys = Object.keys(a);
  return aKeys.length === Object.keys(b).length && aKeys.every((slug) => a[slug] === b[slug]);
}
