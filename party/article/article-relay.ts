import { type Connection, getServerByName } from "partyserver";
import { parseRelayName } from "../config/room-seats";
import { parseRoomName } from "../config/sites";
import type { VerifiedIdentity } from "../core/identity";
import { type Admission, PresenceServer } from "../core/presence-server";
import { ReportLink } from "../core/report-link";
import { REPORT_RETRY_MS } from "../core/timing";
import { armAlarm } from "../core/alarms";
import { type ArticleClientMessage, articleClientMessageSchema, CLOSE_CODES } from "../shared/protocol";
import { appearanceOf } from "./looks";
import { RelayOutbox } from "./relay-outbox";
import type { Delivery, RelayMembers, RemoteSocket } from "./relay-wire";
import { activeMsUntil, admitRoomSocket, memberOf, readerIdOf, releaseRoom, type RoomState, viewerOf } from "./room-admission";
import type { Viewer } from "./room-frames";
import { sendQuietly } from "./room-sockets";
import { relayReportWindowMs } from "./room-pace";

/**
 * Holds sockets of a crowded post's room beyond what the room itself holds (see
 * party/config/room-seats.ts). It runs every socket's lifecycle as the room would (admission,
 * the post lease, heartbeats, ghosts, grace windows), reports what its sockets do to the room,
 * and passes on to them, in order, what the room sends. Counting is the room's alone.
 */
export class ArticleRelay extends PresenceServer<RoomState, ArticleClientMessage> {
  protected readonly kind = "article relay";
  protected readonly messageSchema = articleClientMessageSchema;

  private readonly outbox = new RelayOutbox();
  /** How often the room asks to hear from this relay (it asks for less once it has many relays). */
  private reportEveryMs = relayReportWindowMs(1);
  private readonly link = new ReportLink(() => this.reportEveryMs, () => this.report());
  /** Sockets that had their snapshot, so the room's broadcasts reach them, with what they may see. */
  private readonly welcomed = new Map<string, Viewer>();

  private get seat() {
    const parsed = parseRelayName(this.name);
    // Only the entry names relays, after the room's site listed its post.
    return parsed && parseRoomName(parsed.slug) ? parsed : null;
  }

  protected async admit(connection: Connection<RoomState>, identity: VerifiedIdentity, request: Request): Promise<Admission<RoomState>> {
    const seat = this.seat;
    if (!seat) return { refused: CLOSE_CODES.invalidSession, reason: "not a room's relay" };
    return admitRoomSocket({ env: this.env, settings: this.settings, slug: seat.slug }, connection.id, identity, request);
  }

  protected count(connectionId: string, state: RoomState, rebuilding: boolean): void {
    // A socket this relay held before it slept had its snapshot then.
    if (rebuilding) this.welcomed.set(connectionId, viewerOf(state.identity, this.settings));
    this.outbox.join(this.remoteSocket(connectionId, state));
    this.link.soon();
  }

  protected uncount(connectionId: string, state: RoomState, at: number): void {
    this.welcomed.delete(connectionId);
    this.outbox.leave(connectionId, at);
    this.link.soon();
    const seat = this.seat;
    if (seat) releaseRoom({ env: this.env, settings: this.settings, slug: seat.slug }, state.identity.sessionId, connectionId);
  }

  protected async restate(connectionId: string, _before: RoomState, after: RoomState): Promise<void> {
    const wanted = await appearanceOf(after.identity.user, this.settings.onlineListAudience);
    this.countedSocket(connectionId)?.setState({ ...after, wanted });
    this.outbox.restate(connectionId, wanted);
    this.link.soon();
  }

  protected receive(connection: Connection<RoomState>, state: RoomState, message: ArticleClientMessage, now: number): void {
    // The attachment keeps the active time so far: a relay woken from hibernation resumes it.
    const activeMs = activeMsUntil(state, now);
    if (message.type === "progress") {
      connection.setState({ ...state, progress: message.progress, movedAt: now, activeMs, activeMsAt: now, maxProgress: Math.max(state.maxProgress, message.progress) });
      this.outbox.move(connection.id, message.progress, now);
    } else {
      connection.setState({ ...state, active: message.active, activeMs, activeMsAt: now });
      this.outbox.activity(connection.id, message.active, now);
    }
    this.link.soon();
  }

  protected welcome(): void {
    // Its snapshot comes from the room, with the other deliveries, in order.
  }

  protected started(): void {
    // Whatever the room knew of this relay, it learns it whole again.
    this.outbox.resend();
    this.link.soon();
  }

  protected async swept(now: number): Promise<void> {
    // News a failed report left behind goes now; and the room forgets a relay it hasn't heard
    // from in a while (gone without a word): remind it.
    const reminderDue = this.countedConnections > 0 && this.link.reminderDue(now, this.settings.sweepMs);
    if ((this.outbox.waiting && !this.link.behind) || reminderDue) await this.link.now();
  }

  /** RPC from the room: what its sockets are to be told, in order. */
  deliver(deliveries: Delivery[]): void {
    for (const delivery of deliveries) {
      if (delivery.kind === "broadcast") {
        for (const [id, viewer] of this.welcomed) {
          const frame = delivery.frames[viewer];
          const connection = this.countedSocket(id);
          if (frame !== undefined && connection) sendQuietly(connection, frame);
        }
        continue;
      }
      const connection = this.countedSocket(delivery.id);
      const state = connection?.state as RoomState | null | undefined;
      if (!connection || !state) continue;
      if (delivery.kind === "placed") {
        connection.setState({ ...state, placed: delivery.place });
      } else {
        sendQuietly(connection, delivery.frame);
        if (delivery.snapshot) this.welcomed.set(delivery.id, viewerOf(state.identity, this.settings));
      }
    }
  }

  /** RPC from a room that couldn't pull this relay's state when it started: report it whole, soon. */
  reportWhole(): void {
    this.outbox.resend();
    this.link.soon();
  }

  /**
   * RPC (through the room, from the app): a person hid or signed out. Their sockets here stop
   * wanting their name, and the room hears it before this returns, so a hide is done once confirmed.
   */
  override async withdrawIdentity(userId: string, withdrawal: { epoch: number; sessionId: string | null }): Promise<number> {
    const changed = await super.withdrawIdentity(userId, withdrawal);
    if (changed > 0) await this.link.now();
    return changed;
  }

  /** RPC from the room, when it starts: every socket here, as they are now. */
  members(): RelayMembers {
    return { ...this.outbox.sent, sockets: this.sockets() };
  }

  private sockets(): RemoteSocket[] {
    return [...this.countedSockets().values()].flatMap((connection) => {
      const state = connection.state as RoomState | null;
      return state ? [this.remoteSocket(connection.id, state)] : [];
    });
  }

  private remoteSocket(id: string, state: RoomState): RemoteSocket {
    return {
      id,
      reader: readerIdOf(state.identity),
      counted: state.identity.counted,
      viewer: viewerOf(state.identity, this.settings),
      wanted: state.wanted,
      member: memberOf(state),
      reentry: state.reentry,
      placed: state.placed,
      welcomed: this.welcomed.has(id),
    };
  }

  private async report(): Promise<boolean> {
    const seat = this.seat;
    if (!seat) return false;
    const report = this.outbox.take(() => this.sockets());
    try {
      const answer = await (await getServerByName(this.env.Article, seat.slug)).relayReport(seat.seat, report);
      this.outbox.sentOk(report.seq);
      this.reportEveryMs = answer.reportEveryMs;
      if (answer.verdict === "send-full") {
        this.outbox.resend();
        this.link.soon();
      }
      return true;
    } catch (error) {
      console.error(`article relay ${this.name}: report to the room failed; retrying`, error);
      this.outbox.resend();
      setTimeout(() => this.link.soon(), REPORT_RETRY_MS);
      // If this relay sleeps meanwhile, its alarm brings the report.
      await armAlarm(this.ctx.storage, Date.now() + REPORT_RETRY_MS);
      return false;
    }
  }
}
