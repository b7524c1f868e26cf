import type { RelayReport, RemoteSocket } from "./relay-wire";

/** What the room keeps of a socket held by one of its relays. */
export interface SeatedSocket {
  id: string;
  seat: number;
  key: string;
  counted: boolean;
  viewer: RemoteSocket["viewer"];
}

interface Relay {
  instance: string | null;
  /** The last report taken (or covered by a full state the room pulled). */
  seq: number;
  lastHeardAt: number;
  sockets: Set<string>;
}

/** A seat given to a reader stays theirs this long while their tab reconnects to it. */
const PENDING_SEAT_MS = 15_000;

/**
 * A room's relays as the room knows them: which sockets each holds, whether its reports came in
 * order, and where the next reader goes once the room is full. A reader's sockets sit together
 * (where the first of them sits), so a person's tabs share one relay.
 */
export class RelaySeats {
  private readonly relays = new Map<number, Relay>();
  private readonly sockets = new Map<string, SeatedSocket>();
  private readonly pending = new Map<string, { seat: number; at: number }>();

  get size(): number {
    return this.sockets.size;
  }

  seats(): number[] {
    return [...this.relays.keys()];
  }

  /** Whether to take a report: in order; a full one always; an old one is skipped; a gap asks for a full one. */
  accept(seat: number, report: Pick<RelayReport, "instance" | "seq" | "full">, now: number): "take" | "skip" | "send-full" {
    const relay = this.relayAt(seat);
    if (report.full || (relay.instance === report.instance && report.seq === relay.seq + 1)) {
      Object.assign(relay, { instance: report.instance, seq: report.seq, lastHeardAt: now });
      return "take";
    }
    if (relay.instance === report.instance && report.seq <= relay.seq) return "skip";
    return "send-full";
  }

  /** The room pulled a relay's whole state: reports up to `seq` are in it. */
  synced(seat: number, instance: string, seq: number, now: number): void {
    Object.assign(this.relayAt(seat), { instance, seq, lastHeardAt: now });
  }

  /** Returns false when the socket was already known here. */
  add(seat: number, socket: SeatedSocket): boolean {
    const known = this.sockets.get(socket.id);
    if (known && known.seat !== seat) this.relays.get(known.seat)?.sockets.delete(socket.id);
    this.sockets.set(socket.id, socket);
    this.relayAt(seat).sockets.add(socket.id);
    this.pending.delete(socket.key);
    return known === undefined;
  }

  remove(id: string): SeatedSocket | null {
    const socket = this.sockets.get(id);
    if (!socket) return null;
    this.sockets.delete(id);
    this.relays.get(socket.seat)?.sockets.delete(id);
    return socket;
  }

  get(id: string): SeatedSocket | undefined {
    return this.sockets.get(id);
  }

  idsAt(seat: number): string[] {
    return [...(this.relays.get(seat)?.sockets ?? [])];
  }

  /** Sockets per relay that holds any, for the broadcasts. */
  *occupied(): Iterable<[number, SeatedSocket[]]> {
    for (const [seat, relay] of this.relays) {
      if (relay.sockets.size === 0) continue;
      yield [seat, [...relay.sockets].flatMap((id) => this.sockets.get(id) ?? [])];
    }
  }

  /** Relays holding sockets now. */
  get occupiedRelays(): number {
    let occupied = 0;
    for (const relay of this.relays.values()) if (relay.sockets.size > 0) occupied++;
    return occupied;
  }

  /** The most sockets any relay holds. */
  largestLoad(): number {
    let largest = 0;
    for (const relay of this.relays.values()) largest = Math.max(largest, relay.sockets.size);
    return largest;
  }

  /** The seat kept for a reader whose tab is on its way to it. */
  pendingSeat(key: string, now: number): number | null {
    const pending = this.pending.get(key);
    return pending && now - pending.at < PENDING_SEAT_MS ? pending.seat : null;
  }

  /** The first relay with room for one more reader (counting those on their way), kept for this reader; null when all are full. */
  choose(key: string, now: number, capacity: number, maxSeat: number): number | null {
    const load = new Map<number, number>();
    for (const [seat, relay] of this.relays) load.set(seat, relay.sockets.size);
    for (const [other, { seat, at }] of this.pending) {
      if (now - at >= PENDING_SEAT_MS) this.pending.delete(other);
      else load.set(seat, (load.get(seat) ?? 0) + 1);
    }
    for (let seat = 1; seat <= maxSeat; seat++) {
      if ((load.get(seat) ?? 0) < capacity) {
        this.pending.set(key, { seat, at: now });
        return seat;
      }
    }
    return null;
  }

  /** Relays silent for longer than `ttlMs` (gone without a word): forgotten, with the sockets they held. */
  expire(now: number, ttlMs: number): { seat: number; lastHeardAt: number; ids: string[] }[] {
    const gone: { seat: number; lastHeardAt: number; ids: string[] }[] = [];
    for (const [seat, relay] of this.relays) {
      if (relay.instance === null || now - relay.lastHeardAt <= ttlMs) continue;
      gone.push({ seat, lastHeardAt: relay.lastHeardAt, ids: [...relay.sockets] });
      for (const id of relay.sockets) this.sockets.delete(id);
      this.relays.delete(seat);
    }
    return gone;
  }

  private relayAt(seat: number): Relay {
    let relay = this.relays.get(seat);
    if (!relay) this.relays.set(seat, (relay = { instance: null, seq: 0, lastHeardAt: 0, sockets: new Set() }));
    return relay;
  }
}
