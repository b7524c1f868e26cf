import type { Connection } from "partyserver";
import { MAX_RELAYS } from "../config/room-seats";
import { armAlarm } from "../core/alarms";
import type { VerifiedIdentity } from "../core/identity";
import { type Admission, PresenceServer } from "../core/presence-server";
import { randomDelayMs } from "../core/random";
import { ReportLink } from "../core/report-link";
import { Throttle } from "../core/throttle";
import { REPORT_RETRY_MS, REPORT_TTL_MS, ROOM_REPORT_WINDOW_MS } from "../core/timing";
import { lobbyOf } from "../lobby/address";
import type { Visit } from "../shared/insights";
import { type ArticleClientMessage, articleClientMessageSchema, CLOSE_CODES } from "../shared/protocol";
import { appearanceOf } from "./looks";
import { activeMsUntil, admitRoomSocket, keyOf, memberOf, readerIdOf, releaseRoom, type RoomState } from "./room-admission";
import { diffFrame, movedFrame, readerFor, type Viewer } from "./room-frames";
import { relayReportWindowMs, RoomModeSwitch, sendEveryMs, tickMs } from "./room-pace";
import { RoomReaders } from "./room-readers";
import { RoomRelays } from "./room-relays";
import { RoomSockets, sendQuietly } from "./room-sockets";
import type { RelayAnswer, RelayReport } from "./relay-wire";

export type { RoomState } from "./room-admission";

/**
 * One post's live room: who is reading it and how far down they are. A small room shows a
 * marker per reader (the rail) and sends what changed each tick; a large one shows a density
 * strip and a few faces (the crowd view). Once it holds ROOM_SOCKETS_PER_OBJECT sockets, new
 * readers sit in its relays, which report to it; it counts every reader once, wherever their
 * sockets sit, and tells the lobby how many readers it counts (shown to others or not).
 */
export class Article extends PresenceServer<RoomState, ArticleClientMessage> {
  protected readonly kind = "article";
  protected readonly messageSchema = articleClientMessageSchema;

  private readonly room = new RoomReaders((othersShown, now) =>
    othersShown >= this.settings.reentry.crowd ? now + randomDelayMs(this.settings.reentry) : null,
  );
  private readonly modeSwitch = new RoomModeSwitch(this.settings.largeRoomReaders);
  private readonly tick = new Throttle(() => this.tickMs(), () => this.flush());
  private readonly lobbyLink = new ReportLink(ROOM_REPORT_WINDOW_MS, () => this.reportToLobby());
  private readonly relays = new RoomRelays(this.ctx.storage, this.env, () => this.name, (seat) => this.sockets.resync(seat));
  private readonly sockets = new RoomSockets({
    readers: this.room,
    relays: this.relays,
    settings: this.settings,
    local: () => this.countedSockets(),
    mode: () => this.modeSwitch.mode,
    pace: () => this.sendPace(),
    tickMs: () => this.tickMs(),
  });
  private reportedCount = 0;
  /** The count the room's sockets were last told: a change alone is news, even with no marker to move. */
  private toldCount = 0;
  /** Ended visits a failed report couldn't hand over: they go with the next. */
  private unreportedVisits: Visit[] = [];
  private announcedSendEveryMs = 0;
  private revealTimer: ReturnType<typeof setTimeout> | null = null;

  private get where() {
    return { env: this.env, settings: this.settings, slug: this.name };
  }

  /** The most sockets one of the room's objects fans out to: the room's pace follows it. */
  private get largestShare(): number {
    return Math.max(this.countedConnections, this.relays.seats.largestLoad());
  }

  /** How often the room's readers may send their progress (the busiest object's inbound budget). */
  private sendPace(): number {
    return sendEveryMs(this.largestShare, { relays: this.relays.seats.occupiedRelays });
  }

  /** A rail tick follows the room's readers (every diff goes to all); a crowd tick, the busiest object's fan-out. */
  private tickMs(): number {
    const mode = this.modeSwitch.mode;
    return tickMs(mode === "rail" ? this.room.shownCount : this.largestShare, mode);
  }

  /**
   * A reader sits where their other sockets sit; a new one, once this object holds its share,
   * in a relay: the tab is told its seat (a frame: a close's code can reach a browser seconds
   * late) and connects again with it.
   */
  protected redirect(connection: Connection<RoomState>, identity: VerifiedIdentity): boolean {
    const seat = this.seatFor(keyOf(identity), Date.now());
    if (seat === null) return false;
    sendQuietly(connection, movedFrame(seat));
    connection.close(CLOSE_CODES.roomMoved, "seated in a relay");
    return true;
  }

  /** The relay a reader's new socket belongs in, or null for this object. */
  private seatFor(key: string, now: number): number | null {
    const members = this.room.membersOf(key);
    if (members.length > 0) return this.relays.seats.get(members[0]!)?.seat ?? null;
    const pending = this.relays.seats.pendingSeat(key, now);
    // Sockets still being admitted take their places too: a crowd arriving at once fills the room only to its share.
    if (pending !== null || this.countedConnections + this.admittingConnections < this.settings.roomSocketsPerObject) return pending;
    return this.relays.seats.choose(key, now, this.settings.roomSocketsPerObject, MAX_RELAYS);
  }

  protected admit(connection: Connection<RoomState>, identity: VerifiedIdentity, request: Request): Promise<Admission<RoomState>> {
    return admitRoomSocket(this.where, connection.id, identity, request);
  }

  protected count(connectionId: string, state: RoomState, rebuilding: boolean): void {
    // A bot, or an owner who chose not to count: it sees the room, and is not in it.
    if (!state.identity.counted) return;
    const how = rebuilding && state.placed ? { stored: state.placed } : { reentry: state.reentry };
    this.sockets.place(connectionId, this.room.join(connectionId, readerIdOf(state.identity), state.wanted, memberOf(state), Date.now(), how));
    if (!rebuilding) this.changed();
  }

  protected uncount(connectionId: string, state: RoomState): void {
    this.leave(connectionId, Date.now());
    releaseRoom(this.where, state.identity.sessionId, connectionId);
  }

  protected async restate(connectionId: string, _before: RoomState, after: RoomState): Promise<void> {
    const wanted = await appearanceOf(after.identity.user, this.settings.onlineListAudience);
    this.countedSocket(connectionId)?.setState({ ...after, wanted });
    this.restyle(connectionId, wanted);
  }

  protected receive(connection: Connection<RoomState>, state: RoomState, message: ArticleClientMessage, now: number): void {
    const seen = message.type === "progress" ? this.room.move(connection.id, message.progress, now) : this.room.setActive(connection.id, message.active, now);
    const visit = this.room.visitOf(connection.id, now) ?? { activeMs: activeMsUntil(state, now), activeMsAt: now, maxProgress: state.maxProgress };
    const change = message.type === "progress" ? { progress: message.progress, movedAt: now } : { active: message.active };
    connection.setState({ ...state, ...change, ...visit });
    if (seen) this.heard();
  }

  protected welcome(connection: Connection<RoomState>): void {
    this.sockets.snapshot(connection.id);
  }

  protected async started(): Promise<void> {
    // Readers in relays count as much as those here: the room waits for their whole state.
    for (const pulled of await this.relays.pull()) this.takeReport(pulled.seat, pulled.report, Date.now());
    // Everyone here already has this state; only what happens from now on is news. Not so the
    // relays' sockets: readers of this object that went with a restart are still on their rails.
    this.room.takeDiff(Date.now());
    this.modeSwitch.update(this.room.count);
    this.toldCount = this.room.count;
    for (const id of this.relays.ids()) this.sockets.snapshot(id);
    this.announcedSendEveryMs = this.sendPace();
    this.scheduleReveal();
    // Started (woken, or after a restart): the lobby hears what this room really holds.
    this.lobbyLink.soon();
  }

  protected async swept(now: number): Promise<void> {
    // A relay gone silent went without a word: its readers leave when it was last heard from.
    for (const { lastHeardAt, ids } of await this.relays.expire(now, REPORT_TTL_MS)) for (const id of ids) this.leave(id, lastHeardAt);
    if (this.relays.seats.size > 0) await this.armSweep(now);
    this.tick.request();
    this.scheduleReveal();
    if (this.room.count > 0 && this.lobbyLink.reminderDue(now, this.settings.sweepMs)) await this.lobbyLink.now();
  }

  /** RPC from one of this room's relays: what changed among its sockets. */
  async relayReport(seat: number, report: RelayReport): Promise<RelayAnswer> {
    const now = Date.now();
    const verdict = this.relays.seats.accept(seat, report, now);
    const reportEveryMs = relayReportWindowMs(this.relays.seats.occupiedRelays);
    if (verdict === "send-full") return { verdict, reportEveryMs };
    if (verdict === "take") this.takeReport(seat, report, now);
    await this.relays.remember(seat);
    if (this.relays.seats.size > 0) await this.armSweep(now);
    return { verdict: "taken", reportEveryMs };
  }

  /** RPC (through the lobby, from the app): as every presence object, and in the relays that hold this person's sockets. */
  override async withdrawIdentity(userId: string, withdrawal: { epoch: number; sessionId: string | null }): Promise<number> {
    const here = await super.withdrawIdentity(userId, withdrawal);
    const there = await this.relays.withdrawIdentity(userId, withdrawal);
    return here + there;
  }

  /** GET: the room as a viewer without a ticket sees it (no names when the owner limits them to signed-in readers). */
  onRequest(request: Request): Response {
    if (request.method !== "GET") return new Response("Method Not Allowed", { status: 405 });
    const viewer: Viewer = this.settings.onlineListAudience === "public" ? "named" : "anonymous";
    const shown = this.modeSwitch.mode === "rail" ? this.room.shown() : [];
    const readers = shown.map((view) => readerFor(view, viewer));
    return Response.json({ mode: this.modeSwitch.mode, count: this.room.count, readers }, { headers: { "Cache-Control": "no-store" } });
  }

  private takeReport(seat: number, report: RelayReport, now: number): void {
    if (report.full) {
      const present = new Set(report.joins.map((socket) => socket.id));
      for (const id of this.relays.seats.idsAt(seat)) if (!present.has(id)) this.leave(id, now);
    }
    for (const socket of report.joins) {
      const { id, reader, counted, viewer } = socket;
      if (!this.relays.seats.add(seat, { id, seat, key: reader.key, counted, viewer })) {
        // Already counted here (a relay that woke up, or lost a report, says it all again): its
        // place, its activity and how it wants to appear (a hide in a lost report) may have
        // changed, and a snapshot lost on the way (a failed delivery) is sent again.
        this.room.move(id, socket.member.progress, socket.member.movedAt);
        this.room.setActive(id, socket.member.active, now);
        if (counted) this.restyle(id, socket.wanted);
        if (!socket.welcomed) this.sockets.snapshot(id);
        continue;
      }
      if (counted) {
        if (socket.placed) {
          // Placed before this room woke: it keeps its place, unless its identity changed since
          // (a hide whose placement never reached the relay): then the re-entry rule decides.
          this.room.join(id, reader, socket.wanted, socket.member, now, { stored: socket.placed });
          this.restyle(id, socket.wanted);
        } else {
          this.sockets.place(id, this.room.join(id, reader, socket.wanted, socket.member, now, { reentry: socket.reentry }));
        }
        this.changed();
      }
      if (!socket.welcomed) this.sockets.snapshot(id);
    }
    for (const { id, progress, at } of report.moves) if (this.room.move(id, progress, at)) this.heard();
    for (const { id, active, at } of report.activity) if (this.room.setActive(id, active, at)) this.heard();
    for (const { id, wanted } of report.restates) this.restyle(id, wanted);
    for (const { id, at } of report.leaves) this.leave(id, at);
  }

  /** A socket stopped counting here (left, or its relay did). */
  private leave(connectionId: string, at: number): void {
    this.sockets.forget(connectionId);
    const remote = this.relays.seats.remove(connectionId);
    if (remote && !remote.counted) return;
    // A relay's socket may have left a while ago (its last heartbeat): the visit ends then, but a
    // change of look it causes happens now, or the re-entry rule would count its delay from the past.
    const placement = this.room.leave(connectionId, Date.now(), at);
    if (placement) this.sockets.place(null, placement);
    // A visit that ended goes to the lobby with the next report.
    this.lobbyLink.soon();
    this.changed();
  }

  /** A socket's identity changed in place: its reader may change looks. */
  private restyle(connectionId: string, wanted: RoomState["wanted"]): void {
    const placement = this.room.restate(connectionId, wanted, Date.now());
    if (!placement) return;
    this.sockets.place(connectionId, placement);
    this.changed();
  }

  /**
   * Something others see changed: the next tick takes it, and in the crowd view a socket whose
   * turn comes sooner gets it then (a round only re-sends to sockets with news since their last).
   */
  private heard(): void {
    this.tick.request();
    this.sockets.news();
  }

  private changed(): void {
    this.heard();
    this.scheduleReveal();
    if (this.room.count !== this.reportedCount) this.lobbyLink.soon();
  }

  /** One tick: readers due to be shown are, and everyone gets what changed (or, when the room changed shape, a snapshot). */
  private flush(): void {
    const now = Date.now();
    for (const id of this.room.reveal(now)) this.sockets.snapshot(id);
    const count = this.room.count;
    if (count !== this.reportedCount) this.lobbyLink.soon();
    const rate = this.sendPace();
    const rateChanged = rate !== this.announcedSendEveryMs;
    this.announcedSendEveryMs = rate;
    const countChanged = count !== this.toldCount;
    this.toldCount = count;
    if (this.modeSwitch.update(count)) {
      this.room.takeDiff(now);
      this.sockets.stopCrowd();
      for (const id of this.sockets.ids()) this.sockets.snapshot(id);
      return;
    }
    const diff = this.room.takeDiff(now);
    if (!diff && !rateChanged && !countChanged) return;
    if (this.modeSwitch.mode === "crowd") return this.sockets.crowd();
    const changes = diff ?? { upserts: [], moved: [], removed: [] };
    this.sockets.diff((viewer) => diffFrame(changes, viewer, count, rateChanged ? rate : undefined));
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
    const count = this.room.count;
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
}

