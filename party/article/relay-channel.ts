import type { Delivery } from "./relay-wire";

/**
 * The room's deliveries to one relay, in the order the room decided them: everything pushed
 * in one turn goes in one call, one call at a time, so a socket's snapshot always arrives
 * before the broadcasts that follow it. A crowd frame is the whole view: one still waiting
 * to go is replaced by the newer one rather than sent late.
 */
export class RelayChannel {
  private queue: Delivery[] = [];
  private sending = false;

  constructor(
    private readonly send: (deliveries: Delivery[]) => Promise<void>,
    /** A batch was lost: the room tells the relay's sockets everything again. */
    private readonly failed: () => void,
  ) {}

  push(delivery: Delivery, { supersedes = false } = {}): void {
    if (supersedes) this.queue = this.queue.filter((queued) => queued.kind !== "broadcast");
    this.queue.push(delivery);
    if (!this.sending) {
      this.sending = true;
      queueMicrotask(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.send(batch);
        } catch (error) {
          console.error("article room: a delivery to a relay failed", error);
          this.failed();
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
