/**
 * A presence socket that comes back: one WebSocket at a time to `/parties/<party>/<room>` on
 * the worker's host, opened again after every drop with a freshly asked query (a new ticket),
 * waiting a little longer after each failure. Listeners added to it hear every underlying
 * socket's open, message and close. Our own small class rather than PartySocket: readers' pages
 * need only this, and it is a quarter of PartySocket's bytes.
 */
export interface ReconnectingSocketOptions {
  /** The worker's host[:port], without a scheme: ws:// on loopback and private networks, wss:// elsewhere. */
  host: string;
  party: string;
  room: string;
  /** Asked before every connect (`first`: this socket's first); a rejection counts as a failed connect. */
  query: (connect: { first: boolean }) => Promise<Record<string, string>>;
  /** Don't connect until `start()` (a page the browser prerenders). */
  startClosed?: boolean;
  /** The first connect takes this socket when it resolves one (opened before the page's JavaScript ran), instead of opening its own. */
  adopt?: () => Promise<AdoptedSocket | null>;
  minReconnectionDelay: number;
  maxReconnectionDelay: number;
  /** A connect not open by then is given up and tried again (a half-dead network may never answer); 4 s unless set. */
  connectTimeoutMs?: number;
  /** For tests outside a browser. */
  WebSocket?: typeof WebSocket;
}

/** Each failed connect in a row waits this much longer than the one before, up to the maximum. */
const DELAY_GROWTH = 1.3;
const CONNECT_TIMEOUT_MS = 4000;
/** A socket open this long was a good one: the next drop starts the delays from the minimum again. */
const STABLE_AFTER_MS = 5000;

/** WebSocket's readyState values (spelled here: Node, where the tests run, may have no global WebSocket). */
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/** Loopback and private addresses, with an optional port: nothing there has a certificate. */
const PLAIN_WS_HOST = /^(localhost|\[::1\]|127(\.\d{1,3}){3}|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2})(:\d+)?$/;

/** A room's address, without a query. */
export function partyUrl(host: string, party: string, room: string): string {
  const scheme = PLAIN_WS_HOST.test(host) ? "ws" : "wss";
  return `${scheme}://${host}/parties/${encodeURIComponent(party)}/${encodeURIComponent(room)}`;
}

export function socketUrl(host: string, party: string, room: string, query: Record<string, string>): string {
  return `${partyUrl(host, party, room)}?${new URLSearchParams(query)}`;
}

/** A WebSocket someone else opened, offered with the frames it received before. */
export interface AdoptedSocket {
  ws: WebSocket;
  /** Takes it: stops the previous owner's handling; returns what it received, oldest first (null: another socket took it first). */
  takeFrames: () => unknown[] | null;
  /** Leaves it, to another socket that wants it now or else to be closed. */
  decline: () => void;
}

/** What a socket's listeners hear, from whichever underlying WebSocket is the current one. */
export interface ReconnectingSocketEvents {
  open: Event;
  message: MessageEvent;
  close: Event & { code: number; reason: string; wasClean: boolean };
}

export class ReconnectingSocket extends EventTarget {
  private ws: WebSocket | null = null;
  /** "waiting": created closed, until `start()`. "closed": by `close()`, for good. */
  private state: "waiting" | "running" | "closed";
  /** Failed connects since the last stable one; -1 before the first connect, which doesn't wait. */
  private failures = -1;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private firstConnect = true;

  constructor(private readonly options: ReconnectingSocketOptions) {
    super();
    this.state = options.startClosed ? "waiting" : "running";
    if (this.running) this.connect();
  }

  override addEventListener<K extends keyof ReconnectingSocketEvents>(
    type: K,
    listener: (event: ReconnectingSocketEvents[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener as EventListener, options);
  }

  /** The current WebSocket's URL, with its query; undefined between sockets. */
  get url(): string | undefined {
    return this.ws?.url;
  }

  get readyState(): number {
    return this.ws?.readyState ?? (this.running ? CONNECTING : CLOSED);
  }

  /** Sends only on an open socket; otherwise the message is dropped (presence sends state, not a log). */
  send(data: string): void {
    if (this.ws?.readyState === OPEN) this.ws.send(data);
  }

  /** Connects a socket created closed; one closed meanwhile stays closed. */
  start(): void {
    if (this.state !== "waiting") return;
    this.state = "running";
    this.connect();
  }

  /**
   * The server sent this socket elsewhere (it asks the query again): the current socket is
   * dropped and a new one opens at once, without waiting for the old one's close, which a
   * browser may report seconds late.
   */
  reconnectNow(): void {
    // Only an open (or opening) socket is dropped: otherwise a reconnect is already on its way.
    if (!this.running || !this.ws) return;
    const dropped = this.ws;
    this.ws = null;
    clearTimeout(this.waitTimer);
    clearTimeout(this.stableTimer);
    dropped?.close();
    this.failures = -1;
    this.connect();
  }

  /** Closes for good: no reconnect follows. */
  close(code?: number, reason?: string): void {
    this.state = "closed";
    clearTimeout(this.waitTimer);
    clearTimeout(this.stableTimer);
    this.ws?.close(code, reason);
  }

  private connect(): void {
    this.failures++;
    const attempt = async () => {
      const first = this.firstConnect;
      this.firstConnect = false;
      if (first && (await this.adopted())) return;
      let url: string;
      try {
        const { host, party, room, query } = this.options;
        url = socketUrl(host, party, room, await query({ first }));
      } catch {
        if (this.running) this.connect();
        return;
      }
      // Closed while the query was on its way: nothing opens.
      if (this.running) this.openSocket(url);
    };
    const delay = this.nextDelay();
    // A first connect goes at once: on a page that is still hydrating, a timer can wait behind its work.
    if (delay === 0) void attempt();
    else this.waitTimer = setTimeout(attempt, delay);
  }

  private nextDelay(): number {
    if (this.failures <= 0) return 0;
    const { minReconnectionDelay, maxReconnectionDelay } = this.options;
    const delay = Math.min(maxReconnectionDelay, minReconnectionDelay * DELAY_GROWTH ** (this.failures - 1));
    // Spread: after a worker restart, every reader's tab must not knock at the same instant.
    return delay * (0.75 + Math.random() * 0.5);
  }

  /** One connect chain runs at a time, so "still running" is all a pending step must check. */
  private get running(): boolean {
    return this.state === "running";
  }

  private openSocket(url: string): void {
    const Socket = this.options.WebSocket ?? WebSocket;
    this.watch(new Socket(url));
  }

  /**
   * The first connect's socket, if one is handed over: its listeners hear what it already did
   * (opened, the frames it received, closed) in order, then the rest as it happens. Offered
   * after close(), it is declined (React mounts a component twice in development: the second
   * mount takes it).
   */
  private async adopted(): Promise<boolean> {
    const early = (await this.options.adopt?.().catch(() => null)) ?? null;
    if (!early) return false;
    if (!this.running) {
      early.decline();
      return true;
    }
    const frames = early.takeFrames();
    if (!frames) return false;
    const { ws } = early;
    const { readyState } = ws;
    this.watch(ws);
    // A socket that received frames was open, though it may be closing or closed by now.
    if (readyState === OPEN || (readyState !== CONNECTING && frames.length > 0)) this.opened();
    // A frame may send the socket elsewhere (reconnectNow): the rest of this one's are no news.
    for (const data of frames) if (this.ws === ws) this.received(data);
    if (readyState === CLOSED) this.closed(ws, { code: 1006, reason: "", wasClean: false });
    return true;
  }

  private watch(ws: WebSocket): void {
    this.ws = ws;
    if (ws.readyState === CONNECTING) {
      const giveUp = setTimeout(() => ws.close(), this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
      ws.addEventListener("close", () => clearTimeout(giveUp));
      ws.addEventListener("open", () => {
        clearTimeout(giveUp);
        if (this.ws === ws) this.opened();
      });
    }
    ws.addEventListener("message", (event) => {
      if (this.ws === ws) this.received(event.data);
    });
    // A failed connect or a broken socket: its close event follows, and the reconnect with it.
    ws.addEventListener("error", () => {});
    ws.addEventListener("close", (event) => this.closed(ws, event));
  }

  private opened(): void {
    this.stableTimer = setTimeout(() => (this.failures = 0), STABLE_AFTER_MS);
    this.dispatchEvent(new Event("open"));
  }

  private received(data: unknown): void {
    this.dispatchEvent(new MessageEvent("message", { data }));
  }

  private closed(ws: WebSocket, { code, reason, wasClean }: { code: number; reason: string; wasClean: boolean }): void {
    // A socket dropped for a newer one (reconnectNow) is no news.
    if (this.ws !== ws) return;
    clearTimeout(this.stableTimer);
    this.ws = null;
    this.dispatchEvent(Object.assign(new Event("close"), { code, reason, wasClean }));
    if (this.running) this.connect();
  }
}
