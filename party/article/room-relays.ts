import { getServerByName } from "partyserver";
import { relayName } from "../config/room-seats";
import type { RoomPlace } from "./room-readers";
import { RelayChannel } from "./relay-channel";
import { RelaySeats, type SeatedSocket } from "./relay-seats";
import type { RelayReport } from "./relay-wire";
import type { Viewer } from "./room-frames";

/** Where the room keeps which relays it has, so it can ask them for their readers when it wakes. */
const STORAGE_KEY = "relays";
/** A relay that doesn't answer a waking room this soon is asked to report its whole state by itself. */
const PULL_TIMEOUT_MS = 2_000;
/** After a failed delivery, a relay's sockets are told everything again this soon. */
const RESYNC_AFTER_MS = 100;

/**
 * The room's side of its relays: the sockets they hold (RelaySeats), the ordered channel to
 * each, and the list of relays kept in storage. Everything the room sends to a relay's
 * sockets goes through here.
 */
export class RoomRelays {
  readonly seats = new RelaySeats();
  private readonly channels = new Map<number, RelayChannel>();
  private stored: Set<number> | null = null;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly env: Env,
    private readonly slug: () => string,
    /** A delivery to this relay failed: what its sockets were told may be lost. */
    private readonly lost: (seat: number) => void,
  ) {}

  /** Every socket the relays hold. */
  ids(): string[] {
    return [...this.seats.occupied()].flatMap(([, sockets]) => sockets.map((socket) => socket.id));
  }

  /** Keeps a relay in the stored list (once). */
  async remember(seat: number): Promise<void> {
    const stored = await this.storedSeats();
    if (stored.has(seat)) return;
    stored.add(seat);
    await this.storage.put(STORAGE_KEY, [...stored]);
  }

  /** Forgets relays silent for longer than `ttlMs`; returns them with the sockets they held. */
  async expire(now: number, ttlMs: number): Promise<{ seat: number; lastHeardAt: number; ids: string[] }[]> {
    const gone = this.seats.expire(now, ttlMs);
    if (gone.length === 0) return gone;
    const stored = await this.storedSeats();
    for (const { seat } of gone) {
      stored.delete(seat);
      this.channels.delete(seat);
    }
    await this.storage.put(STORAGE_KEY, [...stored]);
    return gone;
  }

  /** Every stored relay's whole state, as full reports (a relay that doesn't answer in time reports by itself later). */
  async pull(): Promise<{ seat: number; report: RelayReport }[]> {
    const pulled = await Promise.all(
      [...(await this.storedSeats())].map(async (seat) => {
        try {
          const members = await withTimeout((await this.relay(seat)).members(), PULL_TIMEOUT_MS);
          this.seats.synced(seat, members.instance, members.seq, Date.now());
          const report: RelayReport = { instance: members.instance, seq: members.seq, full: true, joins: members.sockets, moves: [], activity: [], restates: [], leaves: [] };
          return [{ seat, report }];
        } catch (error) {
          console.error(`article room: relay ${seat} did not answer in time; it is asked to report whole`, error);
          void this.relay(seat)
            .then((relay) => relay.reportWhole())
            .catch(() => undefined);
          return [];
        }
      }),
    );
    return pulled.flat();
  }

  /**
   * Withdraws a person's name in every relay: not only those known to hold their sockets, as a
   * socket a relay took a moment ago may not be reported yet. Returns how many sockets changed.
   */
  async withdrawIdentity(userId: string, withdrawal: { epoch: number; sessionId: string | null }): Promise<number> {
    const seats = new Set([...(await this.storedSeats()), ...this.seats.seats()]);
    const changed = await Promise.allSettled([...seats].map(async (seat) => (await this.relay(seat)).withdrawIdentity(userId, withdrawal)));
    let total = 0;
    for (const result of changed) {
      if (result.status === "fulfilled") total += result.value;
      // One relay that can't be reached doesn't stop the others; its sockets' tokens are withdrawn at the entry anyway.
      else console.error("article room: a relay could not withdraw an identity", result.reason);
    }
    return total;
  }

  placed(id: string, place: RoomPlace): void {
    const socket = this.seats.get(id);
    if (socket) this.channel(socket.seat).push({ kind: "placed", id, place });
  }

  snapshot(socket: SeatedSocket, frame: string): void {
    this.channel(socket.seat).push({ kind: "frame", id: socket.id, frame, snapshot: true });
  }

  /** The frames each relay's sockets need, once per relay. `whole`: the frame is the whole view (it replaces one not yet sent). */
  broadcast(frameOf: (viewer: Viewer) => string, { whole }: { whole: boolean }): void {
    for (const [seat, sockets] of this.seats.occupied()) {
      const viewers = new Set(sockets.map((socket) => socket.viewer));
      const frames = Object.fromEntries([...viewers].map((viewer) => [viewer, frameOf(viewer)]));
      this.channel(seat).push({ kind: "broadcast", frames }, { supersedes: whole });
    }
  }

  private channel(seat: number): RelayChannel {
    let channel = this.channels.get(seat);
    if (!channel) {
      channel = new RelayChannel(
        async (deliveries) => (await this.relay(seat)).deliver(deliveries),
        () => setTimeout(() => this.lost(seat), RESYNC_AFTER_MS),
      );
      this.channels.set(seat, channel);
    }
    return channel;
  }

  private relay(seat: number) {
    return getServerByName(this.env.ArticleRelay, relayName(this.slug(), seat));
  }

  private async storedSeats(): Promise<Set<number>> {
    this.stored ??= new Set((await this.storage.get<number[]>(STORAGE_KEY)) ?? []);
    return this.stored;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
