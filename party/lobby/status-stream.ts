import type { StatusEvent } from "./status-events";

const KEEPALIVE_MS = 25_000;
const encoder = new TextEncoder();

/**
 * Server-Sent Events subscribers of the status API. Each event carries an increasing id.
 * A comment line every 25 s keeps proxies from closing idle streams; a subscriber whose
 * write fails (it went away) is dropped.
 */
export class StatusStreams {
  private readonly writers = new Set<WritableStreamDefaultWriter<Uint8Array>>();
  private nextId = 1;
  private keepalive: ReturnType<typeof setInterval> | null = null;

  open(): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    this.writers.add(writer);
    void this.write(writer, ": status stream open\nretry: 2000\n\n");
    this.keepalive ??= setInterval(() => this.broadcast(": keepalive\n\n"), KEEPALIVE_MS);
    return new Response(readable, {
      headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
    });
  }

  publish(events: StatusEvent[]): void {
    for (const event of events) {
      this.broadcast(`id: ${this.nextId++}\nevent: status\ndata: ${JSON.stringify(event)}\n\n`);
    }
  }

  private broadcast(chunk: string): void {
    for (const writer of this.writers) void this.write(writer, chunk);
  }

  private async write(writer: WritableStreamDefaultWriter<Uint8Array>, chunk: string): Promise<void> {
    try {
      await writer.write(encoder.encode(chunk));
    } catch {
      this.writers.delete(writer);
      if (this.writers.size === 0 && this.keepalive !== null) {
        clearInterval(this.keepalive);
        this.keepalive = null;
      }
    }
  }
}
