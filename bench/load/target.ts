// One interface over the two servers under test, so every scenario runs unchanged against both.

/** Frames the server sent to this generator's sockets (heartbeats not counted) and their payload bytes. */
export interface Traffic {
  messages: number;
  bytes: number;
}

export interface SiteClient {
  close: () => void;
}

/**
 * What one frame told a reader about its room. `places`: readers' public ids and places as
 * shown (rail markers, or the crowd view's faces); `whole`: they are everyone shown (a
 * snapshot, or a crowd frame), so anyone not among them is gone. Figures are there when told.
 */
export interface RoomNews {
  places: [id: string, progress: number][];
  whole: boolean;
  removed: string[];
  count?: number;
  /** The crowd view's density strip: readers per equal slice of the post. */
  density?: number[];
  /** How often the room asks this reader to send its progress. */
  sendEveryMs?: number;
}

export interface RoomReader {
  /** How the other readers see this one in the frames they receive. */
  readonly id: string;
  /** The object its socket sits in: a relay's seat, or null for the room's own object (and the baseline's process). */
  readonly seat: number | null;
  sendProgress: (progress: number) => void;
  /** Why the server side closed this reader's socket before `close` was called, or null. */
  dropped: () => string | null;
  close: () => void;
}

export interface RoomReaderOptions {
  /** Signed in, and shown by name (a face in the crowd view); the baseline names everyone anyway. */
  named: boolean;
  onNews: (news: RoomNews) => void;
}

export interface PresenceTarget {
  readonly traffic: Traffic;
  /** A socket of site presence that reports every online count it is told. */
  openSiteClient: (index: number, onCount: (count: number) => void) => Promise<SiteClient>;
  /** A reader in a post's room that reports everything its room tells it. */
  openRoomReader: (room: string, index: number, options: RoomReaderOptions) => Promise<RoomReader>;
  /** Stops timers the target keeps (heartbeats); sockets are left to the caller. */
  dispose: () => void;
}

export function resetTraffic(traffic: Traffic): void {
  traffic.messages = 0;
  traffic.bytes = 0;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
