import { type Connection, type ConnectionContext, getServerByName, Server, type WSMessage } from "partyserver";
import { admit } from "./admission";
import { Coalescer } from "./coalescer";
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
import { type GroupEntry, type GroupIdentity, PresenceGroups } from "./presence-groups";
import { articleClientMessageSchema, parseFrame, progressSchema, type Reader } from "./protocol";
import { readerIdentity } from "./reader-identity";
import { SessionQuota } from "./session-quota";
import { siteShardCount, siteShardFor } from "./site-shards";
import { encodeArticle, sendArticle } from "./send";
import { LOBBY_REPORT_DELAY_MS, ROOM_TICK_MS } from "./timing";

/** What an article connection is; kept in its attachment so it survives hibernation. */
interface ArticleConnectionState extends LivenessState {
  identity: GroupIdentity;
  /** The verified browser session, for the per-session connection cap. */
  sessionId?: string;
  progress: number;
  movedAt: number;
}

/** One post's live room: who is reading it and how far down they are. */
export class Article extends Server<Env> {
  static options = { hibernate: true };

  private readonly room = new PresenceGroups<number>();
  private readonly guard = new MessageGuard();
  private readonly quota = new SessionQuota();
  private startedAt = 0;
  private readonly tick = new Coalescer(ROOM_TICK_MS, () => this.broadcastDiff());
  private readonly lobbyReport = new Coalescer(LOBBY_REPORT_DELAY_MS, () => this.reportToLobby());
  private readonly departures = new Departures(graceMs(this.env));
  private readonly sweepMs = sweepIntervalMs(this.env);
  /** When the lobby last heard from this room (in memory: after a wake-up it simply hears again). */
  private lastLobbyReportAt = 0;

  onStart(): void {
    this.startedAt = Date.now();
    answerHeartbeats(this.ctx);
    let woken = 0;
    for (const connection of this.getConnections<ArticleConnectionState>()) {
      woken++;
      const state = connection.state;
      if (!state) continue;
      if (state.sessionId) this.quota.take(connection.id, state.sessionId);
      this.room.join(connection.id, state.identity, state.progress, state.movedAt, state.active !== false);
    }
    logWake("article", this.name, woken);
    // Started (woken, or after a restart): the lobby hears what this room really holds.
    this.lobbyReport.schedule();
    // Everyone already has this state; only what happens from now on is news.
    this.room.takeDiff();
  }

  async onConnect(connection: Connection<ArticleConnectionState>, ctx: ConnectionContext): Promise<void> {
    const verified = admit(connection, ctx.request, { departures: this.departures, quota: this.quota });
    if (!verified) return;
    if (!(await this.leaseRoom(verified.sessionId, connection.id))) {
      this.quota.release(connection.id);
      connection.close(CLOSE_CODES.tooManyRooms, "too many posts open at once from one browser");
      return;
    }
    const identity = await readerIdentity(verified, this.env.PRESENCE_SECRET ?? "");
    // A reconnecting tab (e.g. after sign-in) says where it was, so its marker keeps its place.
    const initial = progressSchema.safeParse(Number(new URL(ctx.request.url).searchParams.get("p") ?? "0"));
    const progress = initial.success ? initial.data : 0;
    const now = Date.now();
    connection.setState({ identity, sessionId: verified.sessionId, progress, movedAt: now, connectedAt: now, active: true });
    const isNewReader = this.room.join(connection.id, identity, progress, now);
    sendArticle(connection, { type: "room-snapshot", you: identity.id, readers: this.room.snapshot().map(toReader) });
    this.tick.schedule();
    if (isNewReader) this.lobbyReport.schedule();
    await armAlarm(this.ctx.storage, now + this.sweepMs);
  }

  onMessage(connection: Connection<ArticleConnectionState>, raw: WSMessage): void {
    const now = Date.now();
    const verdict = this.guard.admit(connection.id, now);
    const message = verdict === "accept" ? parseFrame(articleClientMessageSchema, raw) : null;
    if (message?.type === "progress") return this.applyProgress(connection, message.progress, now);
    if (message?.type === "activity") return this.applyActivity(connection, message.active);
    if (verdict === "close" || (verdict === "accept" && this.guard.reject(connection.id, now) === "close")) {
      connection.close(CLOSE_CODES.tooManyRejected, "too many invalid or throttled messages");
    }
  }

  onClose(connection: Connection<ArticleConnectionState>, code: number): void {
    this.depart(connection, code);
  }

  onError(connection: Connection<ArticleConnectionState>): void {
    this.depart(connection, 1006);
  }

  /** As the site object does (see Site.depart): never remove a reopened id; announce closes that woke us. */
  private depart(connection: Connection<ArticleConnectionState>, code: number): void {
    const { id } = connection;
    const state = connection.state;
    if (this.departures.wasSwept(id)) return;
    const wokeForThisClose = Date.now() - this.startedAt < WAKE_WINDOW_MS;
    if (wokeForThisClose && state && !this.room.isMember(id) && !isOpen(this, id)) {
      this.room.join(id, state.identity, state.progress, state.movedAt, state.active !== false);
    }
    this.departures.schedule(id, code, () => (isOpen(this, id) ? undefined : this.leave(id, state?.sessionId)));
  }

  onRequest(request: Request): Response {
    if (request.method !== "GET") return new Response("Method Not Allowed", { status: 405 });
    return Response.json({ readers: this.room.snapshot().map(toReader) }, { headers: { "Cache-Control": "no-store" } });
  }

  async onAlarm(): Promise<void> {
    const now = Date.now();
    for (const ghost of ghostConnections(this.ctx, this.getConnections<ArticleConnectionState>(), now)) {
      this.departures.sweep(ghost.id);
      this.leave(ghost.id, ghost.state?.sessionId);
      ghost.close(GHOST_CLOSE_CODE, "no heartbeat");
    }
    // The next sweep is set first: the report below may fail.
    if (this.room.count > 0) await armAlarm(this.ctx.storage, now + this.sweepMs);
    if (this.room.count > 0 && lobbyReminderDue(this.lastLobbyReportAt, now, this.sweepMs)) await this.reportToLobby();
  }

  private applyProgress(connection: Connection<ArticleConnectionState>, progress: number, now: number): void {
    if (!connection.state || !this.room.update(connection.id, progress, now)) return;
    connection.setState({ ...connection.state, progress, movedAt: now });
    this.tick.schedule();
  }

  private applyActivity(connection: Connection<ArticleConnectionState>, active: boolean): void {
    if (!connection.state || !this.room.setActive(connection.id, active)) return;
    connection.setState({ ...connection.state, active });
    this.tick.schedule();
  }

  private leave(connectionId: string, sessionId: string | undefined): void {
    this.guard.forget(connectionId);
    this.quota.release(connectionId);
    if (sessionId) this.releaseRoom(sessionId, connectionId);
    if (this.room.leave(connectionId)) this.lobbyReport.schedule();
    this.tick.schedule();
  }

  /**
   * Asks the session's site shard for a place in this room: one browser may have only so
   * many posts open at once. If the shard can't be asked, the reader is let in: a lost
   * count must never lock readers out.
   */
  private async leaseRoom(sessionId: string, connectionId: string): Promise<boolean> {
    try {
      return await (await this.shardOf(sessionId)).openRoom(sessionId, this.name, connectionId);
    } catch (error) {
      console.error("article room: could not reach the session's shard; letting the reader in", error);
      return true;
    }
  }

  private releaseRoom(sessionId: string, connectionId: string): void {
    void this.shardOf(sessionId)
      .then((shard) => shard.closeRoom(sessionId, this.name, connectionId))
      .catch((error: unknown) => console.error("article room: could not release the session's place", error));
  }

  private shardOf(sessionId: string) {
    return getServerByName(this.env.Site, siteShardFor(sessionId, siteShardCount(this.env)));
  }

  private broadcastDiff(): void {
    const diff = this.room.takeDiff();
    if (!diff) return;
    const moved = Object.fromEntries(diff.moved.map(([id, progress]) => [id, roundProgress(progress)]));
    this.broadcast(encodeArticle({ type: "room-diff", upserts: diff.upserts.map(toReader), moved, removed: diff.removed }));
  }

  private async reportToLobby(): Promise<void> {
    const lobby = await getServerByName(this.env.Lobby, LOBBY_ROOM);
    await lobby.reportRoom(this.name, this.room.count);
    this.lastLobbyReportAt = Date.now();
    if (this.room.count > 0) await armAlarm(this.ctx.storage, this.lastLobbyReportAt + this.sweepMs);
  }
}

function toReader({ identity, value, active }: GroupEntry<number>): Reader {
  return { id: identity.id, label: identity.label, color: identity.color, image: identity.image, progress: roundProgress(value), active };
}

/** A place on the rail to a thousandth: finer than any screen shows, and short on the wire. */
function roundProgress(progress: number): number {
  return Math.round(progress * 1000) / 1000;
}
