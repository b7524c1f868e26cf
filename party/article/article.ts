import { type Connection, getServerByName } from "partyserver";
import { siteShardFor } from "../config/site-shards";
import { armAlarm } from "../core/alarms";
import type { VerifiedIdentity } from "../core/identity";
import { type Admission, type PresenceState, PresenceServer } from "../core/presence-server";
import { randomDelayMs } from "../core/random";
import { ReportLink } from "../core/report-link";
import { Throttle } from "../core/throttle";
import { REPORT_RETRY_MS, ROOM_REPORT_WINDOW_MS } from "../core/timing";
import { lobbyOf } from "../lobby/address";
import type { Visit } from "../shared/insights";
import { type ArticleClientMessage, articleClientMessageSchema, CLOSE_CODES, progressSchema, SOCKET_QUERY } from "../shared/protocol";
import { type Appearance, appearanceOf } from "./looks";
import { crowdFrame, diffFrame, readerFor, snapshotFrame, type Viewer } from "./room-frames";
import { RoomModeSwitch, sendEveryMs, tickMs } from "./room-pace";
import { type Placement, RoomReaders } from "./room-readers";

/** What an article socket is, beyond what every presence socket is. */
export interface RoomState extends PresenceState {
  progress: number;
  movedAt: number;
  /** The reader's dedupe key: their user id when signed in, else the browser session. */
  key: string;
  /** How this socket's identity wants to appear (a visible person by name, else anonymous). */
  wanted: Appearance;
  /** How its reader appears during this visit, and since when (null: not during this visit). */
  appearance: Appearance;
  shownFrom: number | null;
  /** What this socket's tab added to its reader's visit: active time, and how far it got (for the reading insights). */
  activeMs: number;
  maxProgress: number;
}

const keyOf = ({ sessionId, user }: VerifiedIdentity) => (user ? `user:${user.id}` : `sid:${sessionId}`);

/**
 * One post's live room: who is reading it and how far down they are. A small room shows a
 * marker per reader (the rail) and sends what changed each tick; a large one shows a density
 * strip and a few faces (the crowd view). The room tells the lobby how many readers it shows.
 */
export class Article extends PresenceServer<RoomState, ArticleClientMessage> {
  protected readonly kind = "article";
  protected readonly messageSchema = articleClientMessageSchema;

  private readonly room = new RoomReaders((othersShown, now) =>
    othersShown >= this.settings.reentry.crowd ? now + randomDelayMs(this.settings.reentry) : null,
  );
  private readonly modeSwitch = new RoomModeSwitch(this.settings.largeRoomReaders);
  private readonly tick = new Throttle(() => tickMs(this.room.shownCount, this.modeSwitch.mode), () => this.flush());
  private readonly lobbyLink = new ReportLink(ROOM_REPORT_WINDOW_MS, () => this.reportToLobby());
  private reportedCount = 0;
  /** Ended visits a failed report couldn't hand over: they go with the next. */
  private unreportedVisits: Visit[] = [];
  private announcedSendEveryMs = 0;
  private revealTimer: ReturnType<typeof setTimeout> | null = null;

  protected async admit(connection: Connection<RoomState>, identity: VerifiedIdentity, request: Request): Promise<Admission<RoomState>> {
    if (!(await this.leaseRoom(identity.sessionId, connection.id))) {
      return { refused: CLOSE_CODES.tooManyRooms, reason: "too many posts open at once from one browser" };
    }
    const url = new URL(request.url);
    // A reconnecting tab (e.g. after sign-in) says where it was, so its marker keeps its place.
    const initial = progressSchema.safeParse(Number(url.searchParams.get(SOCKET_QUERY.progress) ?? "0"));
    const now = Date.now();
    const wanted = await appearanceOf(identity.user, this.settings.onlineListAudience);
    return {
      identity,
      connectedAt: now,
      active: true,
      reentry: url.searchParams.get(SOCKET_QUERY.reentry) === "1",
      progress: initial.success ? initial.data : 0,
      movedAt: now,
      key: keyOf(identity),
      wanted,
      appearance: wanted,
      shownFrom: null,
      activeMs: 0,
      maxProgress: initial.success ? initial.data : 0,
    };
  }

  protected count(connectionId: string, state: RoomState, rebuilding: boolean): void {
    // A bot, or an owner who chose not to count: it sees the room, and is not in it.
    if (!state.identity.counted) return;
    const member = { progress: state.progress, movedAt: state.movedAt, active: state.active, activeMs: state.activeMs, maxProgress: state.maxProgress };
    const how = rebuilding ? { stored: { appearance: state.appearance, shownFrom: state.shownFrom } } : { reentry: state.reentry };
    this.place(connectionId, this.room.join(connectionId, state.key, state.wanted, member, Date.now(), how));
    if (!rebuilding) this.changed();
  }

  protected uncount(connectionId: string, state: RoomState): void {
    const placement = this.room.leave(connectionId);
    if (placement) this.place(null, placement);
    // A visit that ended goes to the lobby with the next report.
    this.lobbyLink.soon();
    this.releaseRoom(state.identity.sessionId, connectionId);
    this.changed();
  }

  protected async restate(connectionId: string, _before: RoomState, after: RoomState): Promise<void> {
    const wanted = await appearanceOf(after.identity.user, this.settings.onlineListAudience);
    this.getConnection<RoomState>(connectionId)?.setState({ ...after, wanted });
    const placement = this.room.restate(connectionId, wanted, Date.now());
    if (!placement) return;
    this.place(connectionId, placement);
    this.changed();
  }

  protected receive(connection: Connection<RoomState>, state: RoomState, message: ArticleClientMessage, now: number): void {
    const seen = message.type === "progress" ? this.room.move(connection.id, message.progress, now) : this.room.setActive(connection.id, message.active, now);
    const visit = this.room.visitOf(connection.id, now) ?? { activeMs: state.activeMs, maxProgress: state.maxProgress };
    const change = message.type === "progress" ? { progress: message.progress, movedAt: now } : { active: message.active };
    connection.setState({ ...state, ...change, ...visit });
    if (seen) this.tick.request();
  }

  protected welcome(connection: Connection<RoomState>): void {
    this.sendSnapshot(connection);
  }

  protected started(): void {
    // Everyone already has this state; only what happens from now on is news.
    this.room.takeDiff(Date.now());
    this.modeSwitch.update(this.room.shownCount);
    this.announcedSendEveryMs = sendEveryMs(this.countedConnections);
    this.scheduleReveal();
    // Started (woken, or after a restart): the lobby hears what this room really holds.
    this.lobbyLink.soon();
  }

  protected async swept(now: number): Promise<void> {
    this.tick.request();
    this.scheduleReveal();
    if (this.countedConnections > 0 && this.lobbyLink.reminderDue(now, this.settings.sweepMs)) await this.lobbyLink.now();
  }

  /** GET: the room as a viewer without a ticket sees it (no names when the owner limits them to signed-in readers). */
  onRequest(request: Request): Response {
    if (request.method !== "GET") return new Response("Method Not Allowed", { status: 405 });
    const viewer: Viewer = this.settings.onlineListAudience === "public" ? "named" : "anonymous";
    const shown = this.room.shown();
    const readers = this.modeSwitch.mode === "rail" ? shown.map((view) => readerFor(view, viewer)) : [];
    return Response.json({ mode: this.modeSwitch.mode, count: shown.length, readers }, { headers: { "Cache-Control": "no-store" } });
  }

  /**
   * The attachments of a reader's sockets keep how they appear, so a woken room shows them the
   * same: the socket that joined or changed (if any), and the reader's others when its look changed.
   */
  private place(connectionId: string | null, { appearance, shownFrom, restyled }: Placement): void {
    for (const id of connectionId ? [connectionId, ...restyled] : restyled) {
      const connection = this.getConnection<RoomState>(id);
      const state = connection?.state as RoomState | null | undefined;
      if (connection && state) connection.setState({ ...state, appearance, shownFrom });
    }
    // The reader's own sockets learn whether they are shown (`you`) from a fresh snapshot.
    for (const id of restyled) {
      const connection = this.getConnection<RoomState>(id);
      if (connection) this.sendSnapshot(connection);
    }
  }

  private changed(): void {
    this.tick.request();
    this.scheduleReveal();
    if (this.room.shownCount !== this.reportedCount) this.lobbyLink.soon();
  }

  /** One tick: readers due to be shown are, and everyone gets what changed (or, when the room changed shape, a snapshot). */
  private flush(): void {
    const now = Date.now();
    for (const key of this.room.reveal(now)) {
      for (const id of this.room.membersOf(key)) {
        const connection = this.getConnection<RoomState>(id);
        if (connection) this.sendSnapshot(connection);
      }
    }
    const count = this.room.shownCount;
    if (count !== this.reportedCount) this.lobbyLink.soon();
    const rate = sendEveryMs(this.countedConnections);
    const rateChanged = rate !== this.announcedSendEveryMs;
    this.announcedSendEveryMs = rate;
    if (this.modeSwitch.update(count)) {
      this.room.takeDiff(now);
      for (const connection of this.getConnections<RoomState>()) this.sendSnapshot(connection);
      return;
    }
    const diff = this.room.takeDiff(now);
    if (!diff && !rateChanged) return;
    if (this.modeSwitch.mode === "crowd") {
      const shown = this.room.shown();
      this.broadcastByViewer((viewer) => crowdFrame(shown, viewer, { count, sendEveryMs: rate }));
    } else if (diff) {
      this.broadcastByViewer((viewer) => diffFrame(diff, viewer, count, rateChanged ? rate : undefined));
    } else {
      this.broadcastByViewer((viewer) => diffFrame({ upserts: [], moved: [], removed: [] }, viewer, count, rate));
    }
  }

  private sendSnapshot(connection: Connection<RoomState>): void {
    const state = connection.state as RoomState | null;
    const placement = this.room.readerOf(connection.id);
    const counted = state?.identity.counted !== false;
    if (!placement && counted) return;
    const viewer = this.viewerOf(connection);
    const shown = this.room.shown();
    const self = placement?.shown ? shown.find((view) => view.key === placement.key) : undefined;
    const you = self ? readerFor(self, viewer).id : null;
    const figures = { count: shown.length, sendEveryMs: sendEveryMs(this.countedConnections) };
    try {
      connection.send(snapshotFrame(shown, this.modeSwitch.mode, viewer, { you, counted }, figures));
    } catch {
      // Closed meanwhile: its departure is on its way.
    }
  }

  private viewerOf(connection: Connection<RoomState>): Viewer {
    const state = connection.state as RoomState | null;
    return this.settings.onlineListAudience === "public" || state?.identity.user ? "named" : "anonymous";
  }

  /** One frame per kind of viewer, O(sockets) sends per tick. */
  private broadcastByViewer(frameFor: (viewer: Viewer) => string): void {
    const frames = new Map<Viewer, string>();
    for (const connection of this.getConnections<RoomState>()) {
      if (!this.isCounted(connection.id)) continue;
      const viewer = this.viewerOf(connection);
      let frame = frames.get(viewer);
      if (frame === undefined) frames.set(viewer, (frame = frameFor(viewer)));
      try {
        connection.send(frame);
      } catch {
        // Closed meanwhile.
      }
    }
  }

  private scheduleReveal(): void {
    const next = this.room.nextRevealAt();
    if (next === null) return;
    if (this.revealTimer !== null) clearTimeout(this.revealTimer);
    this.revealTimer = setTimeout(() => {
      this.revealTimer = null;
      this.tick.request();
    }, Math.max(0, next - Date.now()));
    // After a wake-up the timer is gone: the alarm brings the room back in time.
    void armAlarm(this.ctx.storage, next);
  }

  private async reportToLobby(): Promise<boolean> {
    const count = this.room.shownCount;
    const visits = [...this.unreportedVisits, ...this.room.takeVisits()];
    this.unreportedVisits = [];
    try {
      await (await lobbyOf(this.env)).reportRoom(this.name, count, visits);
    } catch (error) {
      console.error("article room: report to the lobby failed; retrying", error);
      this.unreportedVisits = visits;
      await armAlarm(this.ctx.storage, Date.now() + REPORT_RETRY_MS);
      return false;
    }
    this.reportedCount = count;
    return true;
  }

  /**
   * Asks the session's site shard for a place in this room: one browser may have only so many
   * posts open at once. If the shard can't be asked, the reader is let in: a lost count must
   * never lock readers out.
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
    return getServerByName(this.env.Site, siteShardFor(sessionId, this.settings.siteShards));
  }
}
