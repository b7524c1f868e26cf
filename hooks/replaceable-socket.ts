import PartySocket, { type PartySocketOptions } from "partysocket";

/** Attaches a socket's listeners; `isCurrent` tells whether that socket is (still) the live one. */
export type WireSocket = (socket: PartySocket, isCurrent: () => boolean) => void;

/**
 * One live presence socket that is replaced make-before-break when the reader's
 * identity changes (sign-in, sign-out, "show me as online"): the replacement, which
 * connects with a fresh ticket, opens before the old socket closes, so the worker
 * never sees the reader leave in between and no count blinks.
 */
export class ReplaceableSocket {
  private socket: PartySocket;
  private replacement: PartySocket | null = null;

  constructor(
    private readonly options: PartySocketOptions,
    private readonly wire: WireSocket,
  ) {
    this.socket = this.open();
  }

  get current(): PartySocket {
    return this.socket;
  }

  /** Connects again with a fresh ticket; a replacement already under way is abandoned for this one. */
  replace(): void {
    this.replacement?.close();
    const next = this.open((opened) => {
      if (this.replacement !== opened) return;
      const previous = this.socket;
      this.socket = opened;
      this.replacement = null;
      previous.close();
    });
    this.replacement = next;
  }

  close(): void {
    this.replacement?.close();
    this.socket.close();
  }

  private open(onFirstOpen?: (socket: PartySocket) => void): PartySocket {
    const socket = new PartySocket(this.options);
    // Registered before the caller's listeners, so those already see the swapped-in socket.
    if (onFirstOpen) socket.addEventListener("open", () => onFirstOpen(socket), { once: true });
    this.wire(socket, () => socket === this.socket);
    return socket;
  }
}
