import { CLOSE_CODES, HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING, PRESENCE_TOKEN_MAX_AGE_SECONDS, SOCKET_QUERY } from "../party/shared/wire-constants";
import { startTicker } from "./heartbeat-ticker";
import { lastTicketHadToken, msUntilSessionRenewal, type SocketConnect } from "./presence-ticket";
import { ReconnectingSocket, type ReconnectingSocketOptions } from "./reconnecting-socket";

/** Attaches a socket's listeners; `isCurrent` tells whether that socket is (still) the live one. */
export type WireSocket = (socket: ReconnectingSocket, isCurrent: () => boolean) => void;

export type ReplaceableSocketOptions = Omit<ReconnectingSocketOptions, "query" | "startClosed"> & { query: (connect: SocketConnect) => Promise<Record<string, string>> };

/** Signed-in sockets are renewed this long before their token would expire (with some spread, so tabs don't renew at once). */
const RENEW_AFTER_MS = (PRESENCE_TOKEN_MAX_AGE_SECONDS - 60) * 1000;
const RENEW_SPREAD_MS = 20_000;
/** Never sooner than this after opening: a ticket reused while the app is down would otherwise renew in a loop. */
const MIN_RENEW_AFTER_MS = 5_000;

/**
 * One live presence socket that is replaced make-before-break: the replacement, which connects
 * with a fresh ticket, opens before the old socket closes, so the worker never sees the reader
 * leave in between and no count blinks. Replaced when who the reader is changes (sign-in,
 * sign-out, "show me as online"; the worker is told so, for its re-entry rules), when the
 * browser's session id is due for renewal (it lives a day at most) and, for signed-in readers,
 * before their presence token expires.
 *
 * It also sends the heartbeat the worker uses to tell a live tab from a ghost, and closes with
 * a goodbye code when the tab leaves on purpose, so the worker drops the reader at once instead
 * of waiting out the grace window it gives to reloads.
 */
export class ReplaceableSocket {
  private socket: ReconnectingSocket;
  private replacement: ReconnectingSocket | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopHeartbeat: () => void;

  constructor(
    private readonly options: ReplaceableSocketOptions,
    private readonly wire: WireSocket,
  ) {
    this.socket = this.open(false, true);
    this.stopHeartbeat = startTicker(() => {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(HEARTBEAT_PING);
    }, HEARTBEAT_INTERVAL_MS);
  }

  get current(): ReconnectingSocket {
    return this.socket;
  }

  /** Connects again with a fresh ticket; a replacement already under way is abandoned for this one. */
  replace(reason: "identity" | "renew"): void {
    this.replacement?.close(CLOSE_CODES.goodbye, "replaced");
    const next = this.open(reason === "identity", false, (opened) => {
      if (this.replacement !== opened) return;
      const previous = this.socket;
      this.socket = opened;
      this.replacement = null;
      previous.close(CLOSE_CODES.goodbye, "replaced");
    });
    this.replacement = next;
  }

  /** Leaves on purpose (e.g. navigated away from the post): the worker drops the reader at once. */
  close(): void {
    clearTimeout(this.renewTimer);
    this.stopHeartbeat();
    this.replacement?.close(CLOSE_CODES.goodbye, "leaving");
    this.socket.close(CLOSE_CODES.goodbye, "leaving");
  }

  /** `initial`: the first socket, whose first connect may take the page's early socket or ticket. */
  private open(reentry: boolean, initial: boolean, onFirstOpen?: (socket: ReconnectingSocket) => void): ReconnectingSocket {
    // A page the browser prerenders (it may never be shown) is nobody reading: connect once it is shown.
    const prerendering = typeof document !== "undefined" && (document as { prerendering?: boolean }).prerendering === true;
    const socket = new ReconnectingSocket({
      ...this.options,
      startClosed: prerendering,
      adopt: initial ? this.options.adopt : undefined,
      query: async ({ first }) => ({
        ...(await this.options.query({ initial: initial && first })),
        ...(reentry ? { [SOCKET_QUERY.reentry]: "1" } : {}),
      }),
    });
    if (prerendering) document.addEventListener("prerenderingchange", () => socket.start(), { once: true });
    // Registered before the caller's listeners, so those already see the swapped-in socket.
    if (onFirstOpen) socket.addEventListener("open", () => onFirstOpen(socket), { once: true });
    socket.addEventListener("open", () => this.scheduleRenewal());
    this.wire(socket, () => socket === this.socket);
    return socket;
  }

  private scheduleRenewal(): void {
    clearTimeout(this.renewTimer);
    const token = lastTicketHadToken() ? RENEW_AFTER_MS - Math.random() * RENEW_SPREAD_MS : Infinity;
    const sessionDue = msUntilSessionRenewal();
    const session = sessionDue === null ? Infinity : sessionDue + Math.random() * RENEW_SPREAD_MS;
    const after = Math.min(token, session);
    // Timers hold 32 bits of ms (~24.8 days); a session id is renewed within a day.
    if (after !== Infinity) this.renewTimer = setTimeout(() => this.replace("renew"), Math.max(after, MIN_RENEW_AFTER_MS));
  }
}
