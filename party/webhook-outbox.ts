import type { Env } from "./env";
import { armAlarm } from "./liveness";
import { postSigned, retryDelayMs } from "./signed-post";
import type { StatusEvent } from "./status-events";

/** A status event as delivered: its id lets a receiver drop one it already has (a lost 2xx). */
export interface WebhookEvent extends StatusEvent {
  id: string;
}

interface WebhookState {
  /** Events not yet accepted by the receiver, oldest first. */
  queue: WebhookEvent[];
  failures: number;
  nextAttemptAt: number | null;
}

const STORAGE_KEY = "webhook-outbox";
const EMPTY: WebhookState = { queue: [], failures: 0, nextAttemptAt: null };
/** Events per delivery. */
const BATCH_SIZE = 100;
/** A receiver that is down for long loses the oldest events beyond this many, not the worker's memory. */
const MAX_QUEUED = 10_000;

/**
 * Status-change events on their way to the owner's webhook (WEBHOOK_URL): kept in
 * Durable Object storage until the receiver answers 2xx, delivered in order in batches,
 * signed with WEBHOOK_SECRET (HMAC over timestamp and body, as the app's internal calls
 * are), retried with exponential back-off. Off unless both settings are present.
 */
export class WebhookOutbox {
  constructor(private readonly host: { ctx: DurableObjectState; env: Env }) {}

  get enabled(): boolean {
    return Boolean(this.host.env.WEBHOOK_URL && this.host.env.WEBHOOK_SECRET);
  }

  async enqueue(events: StatusEvent[]): Promise<void> {
    if (!this.enabled || events.length === 0) return;
    const state = await this.load();
    state.queue.push(...events.map((event) => ({ id: crypto.randomUUID(), ...event })));
    if (state.queue.length > MAX_QUEUED) state.queue.splice(0, state.queue.length - MAX_QUEUED);
    state.nextAttemptAt ??= Date.now();
    await this.save(state);
  }

  /** Runs on the object's alarm: delivers what is due, or keeps the alarm set for when it is. */
  async onAlarm(): Promise<void> {
    if (!this.enabled) return;
    const state = await this.load();
    const now = Date.now();
    if (state.queue.length === 0 || state.nextAttemptAt === null) return;
    if (state.nextAttemptAt > now) {
      await armAlarm(this.host.ctx.storage, state.nextAttemptAt);
      return;
    }
    const batch = state.queue.slice(0, BATCH_SIZE);
    const ok = await this.deliver(batch, now);
    // Events may have been queued while the delivery was on its way: apply the result to
    // what is stored now, not to the copy read before, or they would be lost.
    const after = await this.load();
    if (ok) {
      const delivered = new Set(batch.map((event) => event.id));
      after.queue = after.queue.filter((event) => !delivered.has(event.id));
      after.failures = 0;
      after.nextAttemptAt = after.queue.length > 0 ? Date.now() : null;
    } else {
      after.failures += 1;
      after.nextAttemptAt = Date.now() + retryDelayMs(after.failures);
    }
    await this.save(after);
  }

  private async deliver(events: WebhookEvent[], now: number): Promise<boolean> {
    const { WEBHOOK_URL, WEBHOOK_SECRET } = this.host.env;
    if (!WEBHOOK_URL || !WEBHOOK_SECRET) return false;
    return postSigned(WEBHOOK_URL, WEBHOOK_SECRET, JSON.stringify({ events }), now);
  }

  private async load(): Promise<WebhookState> {
    return { ...EMPTY, ...((await this.host.ctx.storage.get<WebhookState>(STORAGE_KEY)) ?? {}) };
  }

  private async save(state: WebhookState): Promise<void> {
    await this.host.ctx.storage.put(STORAGE_KEY, state);
    if (state.nextAttemptAt !== null) await armAlarm(this.host.ctx.storage, state.nextAttemptAt);
  }
}
