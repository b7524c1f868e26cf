// One interface over the two servers under test, so every scenario runs unchanged against both.

/** Frames the server sent to this generator's sockets (heartbeats not counted) and their payload bytes. */
export interface Traffic {
  messages: number;
  bytes: number;
}

export interface SiteClient {
  close: () => void;
}

export interface RoomReader {
  /** How the other readers see this one in the frames they receive. */
  readonly id: string;
  sendProgress: (progress: number) => void;
  close: () => void;
}

export interface PresenceTarget {
  readonly traffic: Traffic;
  /** A socket of site presence that reports every online count it is told. */
  openSiteClient: (index: number, onCount: (count: number) => void) => Promise<SiteClient>;
  /** A reader in a post's room that reports every (reader, progress) it is told. */
  openRoomReader: (room: string, index: number, onProgress: (readerId: string, progress: number) => void) => Promise<RoomReader>;
  /** Stops timers the target keeps (heartbeats); sockets are left to the caller. */
  dispose: () => void;
}

export function resetTraffic(traffic: Traffic): void {
  traffic.messages = 0;
  traffic.bytes = 0;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
