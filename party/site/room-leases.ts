/**
 * Which article rooms each browser session has sockets in, so a script can't join every
 * post with one session. Kept by the session's site shard, in memory: when the shard
 * hibernates or is evicted it forgets, and a browser that leaves the site is forgotten too,
 * which only ever lets readers in, never locks them out.
 */
export class RoomLeases {
  /** sessionId -> room -> its connections there. */
  private readonly bySession = new Map<string, Map<string, Set<string>>>();

  /** `maxRooms`: posts one browser session may have open at once (tabs on the same post count once). */
  constructor(private readonly maxRooms: number) {}

  /** Records the connection; false (and nothing recorded) when it would open one room too many. */
  open(sessionId: string, room: string, connectionId: string): boolean {
    const rooms = this.bySession.get(sessionId) ?? new Map<string, Set<string>>();
    const connections = rooms.get(room);
    if (!connections && rooms.size >= this.maxRooms) return false;
    rooms.set(room, (connections ?? new Set<string>()).add(connectionId));
    this.bySession.set(sessionId, rooms);
    return true;
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
