import { MAX_CONNECTIONS_PER_SESSION } from "../core/session-quota";

/** A lease, or why there is none. */
export type Lease = "granted" | "too-many-rooms" | "too-many-sockets";

/**
 * Which article rooms each browser session has sockets in, so a script can't join every post
 * with one session, nor hold more than MAX_CONNECTIONS_PER_SESSION sockets in one post however
 * many of its objects (the room and its relays) it spreads them over. Kept by the session's
 * site shard, in memory: when the shard hibernates or is evicted it forgets, and a browser that
 * leaves the site is forgotten too, which only ever lets readers in, never locks them out.
 */
export class RoomLeases {
  /** sessionId -> room -> its connections there. */
  private readonly bySession = new Map<string, Map<string, Set<string>>>();

  /** `maxRooms`: posts one browser session may have open at once (tabs on the same post count once). */
  constructor(
    private readonly maxRooms: number,
    private readonly maxSocketsPerRoom = MAX_CONNECTIONS_PER_SESSION,
  ) {}

  /** Records the connection, unless it would open one room too many, or hold one socket too many in its room. */
  open(sessionId: string, room: string, connectionId: string): Lease {
    const rooms = this.bySession.get(sessionId) ?? new Map<string, Set<string>>();
    const connections = rooms.get(room);
    if (!connections && rooms.size >= this.maxRooms) return "too-many-rooms";
    if (connections && !connections.has(connectionId) && connections.size >= this.maxSocketsPerRoom) return "too-many-sockets";
    rooms.set(room, (connections ?? new Set<string>()).add(connectionId));
    this.bySession.set(sessionId, rooms);
    return "granted";
  }

  /** Unknown connections are ignored. */
  close(sessionId: string, room: string, connectionId: string): void {
    const rooms = this.bySession.get(sessionId);
    const connections = rooms?.get(room);
    if (!rooms || !connections?.delete(connectionId)) return;
    if (connections.size === 0) rooms.delete(room);
    if (rooms.size === 0) this.bySession.delete(sessionId);
  }

  /** Forgets everything the session holds (its browser left the site). */
  dropSession(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
