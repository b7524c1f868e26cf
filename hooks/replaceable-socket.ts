import PartySocket, { type PartySocketOptions } from "partysocket";
import { GOODBYE_CLOSE_CODE, HEARTBEAT_PING } from "../party/protocol";
import { HEARTBEAT_INTERVAL_MS } from "../party/timing";
import { startTicker } from "./heartbeat-ticker";

/** Attaches a socket's listeners; `isCurrent` tells whether that socket is (still) the live one. */
export type WireSocket = (socket: PartySocket, isCurrent: () => boolean) => void;

/**
 * One live presence socket that is replaced make-before-break when the reader's
 * identity changes (sign-in, sign-out, "show me as online"): the replacement, which
 * connects with a fresh ticket, opens before the old socket closes, so the worker
 * never sees the reader leave in between and no count blinks.
 *
 * It also sends the heartbeat the worker uses to tell a live tab from a ghost, and
 * closes with a goodbye code when the tab leaves on purpose, so the worker drops the
 * reader at once instead of waiting out the grace window it gives to reloads.
 */
export class ReplaceableSocket {
  private socket: PartySocket;
  private replacement: PartySocket | null = null;
  private readonly stopHeartbeat: () => void;

  constructor(
    private readonly options: PartySocketOptions,
    private readonly wire: WireSocket,
  ) {
    this.socket = this.open();
    this.stopHeartbeat = startTicker(() => {
      if (this.socket.readyState === WebSocket.OPEN) this.socket.send(HEARTBEAT_PING);
    }, HEARTBEAT_INTERVAL_MS);
  }

  get current(): PartySocket {
    return this.socket;
  }

  /** Connects again with a fresh ticket; a replacement already under way is abandoned for this one. */
  replace(): void {
    this.replacement?.close(GOODBYE_CLOSE_CODE, "replaced");
    const next = this.open((opened) => {
      if (this.replacement !== opened) return;
      const previous = this.socket;
      this.socket = opened;
      this.replacement = null;
      previous.close(GOODBYE_CLOSE_CODE, "replaced");
    });
    this.replacement = next;
  }

  /** Leaves on purpose (e.g. navigated away from the post): the worker drops the reader at once. */
  close(): void {
    this.stopHeartbeat();
    this.replacement?.close(GOODBYE_CLOSE_CODE, "leaving");
    this.socket.close(GOODBYE_CLOSE_CODE, "leaving");
  }

  private open(onFirstOpen?: (socket: PartySocket) => void): PartySocket {
    const socket = new PartySocket(this.options);
    // Registered before the caller's listeners, so those already see the swapped-in socket.
    if (onFirstOpen) socket.addEventListener("open", () => onFirstOpen(socket), { once: true });
    this.wire(socket, () => socket === this.socket);
    return socket;
  }
}
