import { type Connection, type ConnectionContext, Server, type WSMessage } from "partyserver";
import type * as z from "zod/mini";
import { type Settings, settingsOf } from "../config/settings";
import { CLOSE_CODES, HEARTBEAT_PING, HEARTBEAT_PONG, MAX_FRAME_BYTES, parseFrame } from "../shared/protocol";
import { sessionIdExpired } from "../shared/tickets";
import { armAlarm } from "./alarms";
import { Departures } from "./departures";
import { identityFrom, isServerConnectionId, type VerifiedIdentity } from "./identity";
import { isFlooding, isGhost, nextFloodStreak, nextSweepMs } from "./liveness";
import { MessageGuard } from "./message-guard";
import { SessionQuota } from "./session-quota";

/** What every presence socket is; kept in its attachment (with what the object adds) so it survives hibernation. */
export interface PresenceState {
  identity: VerifiedIdentity;
  connectedAt: number;
  /** false once the tab said it is idle (hidden, or untouched). */
  active: boolean;
  /** Opened because who the reader is changed (signed in or out, hid, showed): see the objects' re-entry rules. */
  reentry: boolean;
  /** Set when the sweep removed this socket (vanished, or flooding): its late close, if any, is no news. */
  swept?: true;
  /** Sweeps in a row that found a heartbeat just before them (see liveness.ts); here, so an evicted object keeps it. */
  floodStreak?: number;
}

export type Admission<S> = S | { refused: number; reason: string };

/** How long after an object starts a close counts as the event that woke it. */
const WAKE_WINDOW_MS = 1_000;
/** Messages kept from a socket while it is being admitted. */
const MAX_EARLY_MESSAGES = 8;
/** How long a released socket is remembered, in case its close or error arrives a second time. */
const RELEASED_MEMORY_MS = 60_000;
const SIGNED_IN_TAG = "viewer:signed-in";
const userTag = (userId: string) => `user:${userId}`;

/**
 * The connection lifecycle of every presence object (site shards, article rooms), owned here
 * once. A socket is admitted with the identity the entry verified and a slot in its browser
 * session's quota; it counts from then on. A close is a departure: at once for a goodbye,
 * after the grace window otherwise (a reconnect is a new socket, so the reader stays counted
 * through it). The alarm sweeps sockets that went silent (ghosts), flood the runtime with
 * heartbeats, or outlived their token. After a wake-up, what counts is rebuilt from the
 * sockets' attachments. Every message passes the guard and the object's schema first.
 *
 * The objects decide only what differs: what a socket counts for (`count`/`uncount`/`restate`),
 * what it may send (`messageSchema`/`receive`) and what they send back.
 */
export abstract class PresenceServer<S extends PresenceState, M extends { seq?: number }> extends Server<Env> {
  static options = { hibernate: true };

  protected readonly settings: Settings = settingsOf(this.env);
  private readonly guard = new MessageGuard();
  private readonly quota = new SessionQuota();
  private readonly departures = new Departures(this.settings.graceMs);
  /** The highest `seq` each socket sent: a message that arrives after a newer one is stale. */
  private readonly lastSeq = new Map<string, number>();
  /** Messages from sockets still being admitted (a tab speaks as soon as it opens), replayed once they count. */
  private readonly early = new Map<string, WSMessage[]>();
  /** Sockets that count now (by id, kept in memory: a broadcast walks these, not every attachment), and those whose departure ran lately. */
  private readonly counted = new Map<string, Connection<S>>();
  private readonly released = new Map<string, number>();
  private startedAt = 0;

  protected abstract readonly kind: string;
  protected abstract readonly messageSchema: z.ZodMiniType<M>;
  /** A new socket's state, or why it is refused (a close code and reason). */
  protected abstract admit(connection: Connection<S>, identity: VerifiedIdentity, request: Request): Promise<Admission<S>>;
  /** Counts a socket: when it connects, and again when the object rebuilds after a wake-up. */
  protected abstract count(connectionId: string, state: S, rebuilding: boolean): void | Promise<void>;
  /** Stops counting it. `at`: when it left (its close, or its last heartbeat for a vanished one). */
  protected abstract uncount(connectionId: string, state: S, at: number): void;
  /** A socket's identity changed in place (the person hid, or signed out elsewhere). */
  protected abstract restate(connectionId: string, before: S, after: S): void | Promise<void>;
  protected abstract receive(connection: Connection<S>, state: S, message: M, now: number): void;
  /** After a new socket counts: its snapshot, and whatever else it needs. */
  protected abstract welcome(connection: Connection<S>, state: S): void | Promise<void>;
  /** After the object started (woken or restarted) and rebuilt its counts. */
  protected abstract started(woken: number): void | Promise<void>;
  /** After every sweep, for the object's own periodic work. */
  protected abstract swept(now: number): void | Promise<void>;

  /** Sends a new socket elsewhere (tells it where, and closes it); true when it did. */
  protected redirect?(connection: Connection<S>, identity: VerifiedIdentity): boolean;

  async onStart(): Promise<void> {
    this.startedAt = Date.now();
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
    let woken = 0;
    for (const connection of this.getConnections<S>()) {
      const state = connection.state as S | null;
      if (!state || state.swept) continue;
      this.quota.take(connection.id, state.identity.sessionId);
      await this.track(connection, state, true);
      woken++;
    }
    if (woken > 0) console.log(`${this.kind} ${this.name}: woke with ${woken} connections`);
    await this.started(woken);
  }

  getConnectionTags(_connection: Connection, context: ConnectionContext): string[] {
    const user = identityFrom(context.request)?.user;
    return user ? [SIGNED_IN_TAG, userTag(user.id)] : [];
  }

  async onConnect(connection: Connection<S>, context: ConnectionContext): Promise<void> {
    try {
      const identity = identityFrom(context.request);
      if (!identity || !isServerConnectionId(connection.id)) {
        return connection.close(CLOSE_CODES.invalidSession, "unidentified connection");
      }
      if (this.redirect?.(connection, identity)) return;
      if (!this.quota.take(connection.id, identity.sessionId)) {
        return connection.close(CLOSE_CODES.tooManyConnections, "too many connections from one browser");
      }
      this.early.set(connection.id, []);
      const admitted = await this.admit(connection, identity, context.request);
      if ("refused" in admitted) {
        this.early.delete(connection.id);
        this.quota.release(connection.id);
        return connection.close(admitted.refused, admitted.reason);
      }
      connection.setState(admitted);
      await this.track(connection, admitted, false);
      await this.armSweep(Date.now());
      await this.welcome(connection, admitted);
      const early = this.early.get(connection.id) ?? [];
      this.early.delete(connection.id);
      for (const message of early) this.onMessage(connection, message);
    } catch (error) {
      // Never PartyServer's default, which answers with the stack trace.
      console.error(`${this.kind} ${this.name}: could not admit a socket`, error);
      this.early.delete(connection.id);
      this.quota.release(connection.id);
      connection.close(CLOSE_CODES.internalError, "internal error");
    }
  }

  onMessage(connection: Connection<S>, raw: WSMessage): void {
    const waiting = this.early.get(connection.id);
    if (waiting) {
      // At most a handful of frames a tab could send, kept before they are read: a tab's first
      // messages, not a flood, and nothing larger than any valid frame.
      if (waiting.length < MAX_EARLY_MESSAGES && typeof raw === "string" && raw.length <= MAX_FRAME_BYTES) waiting.push(raw);
      return;
    }
    const now = Date.now();
    const verdict = this.guard.admit(connection.id, now);
    const state = connection.state as S | null;
    const message = verdict === "accept" && state && this.counted.has(connection.id) ? parseFrame(this.messageSchema, raw) : null;
    if (message !== null && state) {
      if (message.seq !== undefined) {
        if (message.seq <= (this.lastSeq.get(connection.id) ?? -1)) return;
        this.lastSeq.set(connection.id, message.seq);
      }
      return this.receive(connection, state, message, now);
    }
    if (verdict === "close" || (verdict === "accept" && this.guard.reject(connection.id, now) === "close")) {
      this.closeNow(connection, CLOSE_CODES.tooManyRejected, "too many invalid or throttled messages", now);
    }
  }

  async onClose(connection: Connection<S>, code: number): Promise<void> {
    await this.depart(connection, code, Date.now());
  }

  async onError(connection: Connection<S>): Promise<void> {
    await this.depart(connection, 1006, Date.now());
  }

  async onAlarm(): Promise<void> {
    const now = Date.now();
    for (const connection of this.getConnections<S>()) {
      const state = connection.state as S | null;
      if (!state || state.swept) continue;
      const lastHeardAt = this.ctx.getWebSocketAutoResponseTimestamp(connection)?.getTime() ?? null;
      const floodStreak = nextFloodStreak(state.floodStreak ?? 0, lastHeardAt, now);
      if (isGhost(state, lastHeardAt, now, this.settings.ghostAfterMs)) {
        this.sweep(connection, state, lastHeardAt ?? state.connectedAt, CLOSE_CODES.ghost, "no heartbeat");
      } else if (isFlooding(floodStreak)) {
        this.sweep(connection, state, now, CLOSE_CODES.tooManyRejected, "heartbeat flood");
      } else if ((state.identity.user && now > state.identity.user.expiresAt + this.settings.ghostAfterMs) || sessionIdExpired(state.identity.sessionId, now)) {
        // Tabs replace their sockets before the token (or the day-long session id) ends; one that
        // didn't (its tab asleep, or a script) reconnects with a fresh ticket: a departure like a
        // reload's, with the grace window.
        connection.close(CLOSE_CODES.identityExpired, "presence token or session id expired");
        await this.depart(connection, CLOSE_CODES.identityExpired, now);
      } else if (floodStreak !== (state.floodStreak ?? 0)) {
        connection.setState({ ...state, floodStreak });
      }
    }
    for (const [connectionId, at] of this.released) if (now - at > RELEASED_MEMORY_MS) this.released.delete(connectionId);
    if (this.counted.size > 0) await this.armSweep(now);
    await this.swept(now);
  }

  /**
   * RPC (through the lobby, from the app): a person hid, or signed out of one browser. Their
   * sockets whose token predates the change (an older privacy epoch, or that browser's
   * session) stop showing their name at once; their tabs reconnect with fresh tickets.
   * Returns how many sockets changed.
   */
  async withdrawIdentity(userId: string, { epoch, sessionId }: { epoch: number; sessionId: string | null }): Promise<number> {
    let changed = 0;
    for (const connection of this.getConnections<S>(userTag(userId))) {
      const before = connection.state as S | null;
      const user = before?.identity.user;
      if (!before || !user || !user.visible || !this.counted.has(connection.id)) continue;
      if (user.epoch >= epoch && before.identity.sessionId !== sessionId) continue;
      const after = { ...before, identity: { ...before.identity, user: { ...user, visible: false } } };
      connection.setState(after);
      await this.restate(connection.id, before, after);
      changed++;
    }
    return changed;
  }

  /** The open sockets of one person, for objects that tell them something. */
  protected connectionsOf(userId: string): Iterable<Connection<S>> {
    return this.getConnections<S>(userTag(userId));
  }

  protected signedInConnections(): Iterable<Connection<S>> {
    return this.getConnections<S>(SIGNED_IN_TAG);
  }

  protected isCounted(connectionId: string): boolean {
    return this.counted.has(connectionId);
  }

  protected get countedConnections(): number {
    return this.counted.size;
  }

  /** The next sweep, at its random spread around `sweepMs` from `now` (see nextSweepMs). */
  protected armSweep(now: number): Promise<void> {
    return armAlarm(this.ctx.storage, now + nextSweepMs(this.settings.sweepMs));
  }

  /** Sockets still being admitted (they count in a moment). */
  protected get admittingConnections(): number {
    return this.early.size;
  }

  /** The sockets that count here now, by id. */
  protected countedSockets(): ReadonlyMap<string, Connection<S>> {
    return this.counted;
  }

  /** A socket that counts here now, by id. */
  protected countedSocket(connectionId: string): Connection<S> | undefined {
    return this.counted.get(connectionId);
  }

  private async track(connection: Connection<S>, state: S, rebuilding: boolean): Promise<void> {
    this.counted.set(connection.id, connection);
    this.released.delete(connection.id);
    await this.count(connection.id, state, rebuilding);
  }

  /**
   * A socket closed. A close that woke this object finds it rebuilt from open sockets only,
   * so the closed one is counted again first and its leaving is announced like any other.
   */
  private async depart(connection: Connection<S>, code: number, closedAt: number): Promise<void> {
    const state = connection.state as S | null;
    if (!state || state.swept) return;
    const { id } = connection;
    const wokeForThisClose = Date.now() - this.startedAt < WAKE_WINDOW_MS;
    if (!this.counted.has(id)) {
      if (this.released.has(id) || !wokeForThisClose) return;
      await this.track(connection, state, true);
    }
    this.departures.schedule(id, code, () => this.release(id, state, closedAt));
  }

  /** Removes a socket the object gives up on, at once, and closes it; marked so its late close is ignored. */
  private sweep(connection: Connection<S>, state: S, leftAt: number, code: number, reason: string): void {
    connection.setState({ ...state, swept: true });
    this.release(connection.id, state, leftAt);
    connection.close(code, reason);
  }

  private closeNow(connection: Connection<S>, code: number, reason: string, now: number): void {
    const state = connection.state as S | null;
    if (state && !state.swept) this.sweep(connection, state, now, code, reason);
    else connection.close(code, reason);
  }

  private release(connectionId: string, state: S, at: number): void {
    if (!this.counted.delete(connectionId)) return;
    this.released.set(connectionId, Date.now());
    this.guard.forget(connectionId);
    this.quota.release(connectionId);
    this.lastSeq.delete(connectionId);
    this.uncount(connectionId, state, at);
  }
}
