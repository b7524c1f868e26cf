/** Sockets a crowd frame goes to in one go: about 10 ms of sending on the benchmark's machine. */
export const FANOUT_SLICE = 250;

export interface FanoutHost<T> {
  /** The sockets this object holds now, by id. */
  sockets: () => ReadonlyMap<string, T>;
  /** How long one round (every socket once) should take: the crowd tick. */
  roundMs: () => number;
  /** Sends the room as it is now; `frameFor` caches a step's frames, so each is composed once per step. */
  send: (socket: T, frameFor: <V>(compose: () => V, key: string) => V) => void;
}

/**
 * The crowd view, sent to an object's own sockets a slice at a time across each tick rather
 * than all at once: every slice gets the room as it is when its turn comes. A change waits
 * at most one tick for a socket's turn, instead of a tick and then the whole burst before it
 * (thousands of frames, a fifth of a second here). Each socket gets at most one frame per
 * round, and none when nothing changed since its last; the rounds stop when the room is quiet.
 */
export class RollingFanout<T> {
  private version = 0;
  private readonly seen = new Map<string, number>();
  private queue: string[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: FanoutHost<T>) {}

  /** Something every socket should hear of changed. */
  news(): void {
    this.version++;
    if (this.timer === null) this.timer = setTimeout(() => this.step(), 0);
  }

  /** A socket that has the room as it is now (its snapshot) or left. */
  caughtUp(id: string): void {
    this.seen.set(id, this.version);
  }

  forget(id: string): void {
    this.seen.delete(id);
  }

  /** Stops the rounds (the room left the crowd view). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }

  private step(): void {
    this.timer = null;
    const sockets = this.host.sockets();
    if (this.queue.length === 0) this.queue = [...sockets.keys()].filter((id) => (this.seen.get(id) ?? -1) < this.version);
    if (this.queue.length === 0) return;
    const frames = new Map<string, unknown>();
    const frameFor = <V>(compose: () => V, key: string): V => {
      if (!frames.has(key)) frames.set(key, compose());
      return frames.get(key) as V;
    };
    for (const id of this.queue.splice(0, FANOUT_SLICE)) {
      const socket = sockets.get(id);
      if (socket === undefined || (this.seen.get(id) ?? -1) >= this.version) continue;
      this.seen.set(id, this.version);
      this.host.send(socket, frameFor);
    }
    const slices = Math.max(1, Math.ceil(sockets.size / FANOUT_SLICE));
    this.timer = setTimeout(() => this.step(), this.host.roundMs() / slices);
  }
}
