// The lobby's outboxes and where they deliver: last-seen times and reading insights to the app,
// status events to the owner's webhook. All are signed calls (an HMAC over timestamp and body).
import type { Settings } from "../config/settings";
import { INSIGHTS_PATH, type InsightBucket } from "../shared/insights";
import { LAST_SEEN_PATH, signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../shared/signed-calls";
import { DurableOutbox } from "./outbox";
import type { StatusEvent } from "./status-events";

export interface LastSeenEntry {
  userId: string;
  seenAt: number;
}

/** A status event as delivered: its id lets a receiver drop one it already has (a lost 2xx). */
export interface WebhookEvent extends StatusEvent {
  id: string;
}

/** A delivery that takes longer than this counts as failed (and is retried). */
const POST_TIMEOUT_MS = 10_000;

async function postSigned(url: string, secret: string, body: string, now: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(secret, body, now) },
      body,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * A signed POST to the app's route at `path`; with no app (APP_URL unset: a site with no server
 * of its own), nothing to tell and nothing to keep: the batch is done.
 */
function postToApp(settings: Settings, path: string, body: string, now: number): Promise<boolean> {
  if (settings.appUrl === null) return Promise.resolve(true);
  return postSigned(new URL(path, settings.appUrl).toString(), settings.secret, body, now);
}

/** Last-seen times for the app: one entry per person, the latest; the app only ever moves them forward. */
export function lastSeenOutbox(storage: DurableObjectStorage, settings: Settings): DurableOutbox<LastSeenEntry> {
  return new DurableOutbox<LastSeenEntry>(storage, {
    name: "last-seen",
    batchSize: 500,
    maxQueued: 50_000,
    coalesce: { keyOf: (entry) => entry.userId, merge: (older, newer) => ({ userId: newer.userId, seenAt: Math.max(older.seenAt, newer.seenAt) }) },
    deliver: (entries, now) => postToApp(settings, LAST_SEEN_PATH, JSON.stringify({ batchId: crypto.randomUUID(), entries }), now),
  });
}

/** Status events for the owner's webhook (WEBHOOK_URL), in order; none when no webhook is set. */
export function webhookOutbox(storage: DurableObjectStorage, settings: Settings): DurableOutbox<WebhookEvent> | null {
  const webhook = settings.webhook;
  if (!webhook) return null;
  return new DurableOutbox<WebhookEvent>(storage, {
    name: "webhooks",
    batchSize: 100,
    maxQueued: 10_000,
    deliver: (events, now) => postSigned(webhook.url, webhook.secret, JSON.stringify({ events }), now),
  });
}

/** Reading insights for the app: each post-hour bucket at its newest version. */
export function insightsOutbox(storage: DurableObjectStorage, settings: Settings): DurableOutbox<InsightBucket> {
  return new DurableOutbox<InsightBucket>(storage, {
    name: "insights",
    batchSize: 200,
    maxQueued: 20_000,
    coalesce: { keyOf: (bucket) => `${bucket.slug}:${bucket.hour}`, merge: (older, newer) => (newer.version >= older.version ? newer : older) },
    deliver: (buckets, now) => postToApp(settings, INSIGHTS_PATH, JSON.stringify({ buckets }), now),
  });
}

/** The app prunes insights past their retention at every batch; one arrives at least this often, empty if need be. */
export const INSIGHTS_RETENTION_CALL_MS = 24 * 3_600_000;
/** A retention call that failed is tried again this soon. */
const RETENTION_RETRY_MS = 5 * 60_000;
const RETENTION_DUE_KEY = "insights-retention-due";

/**
 * A signed, empty batch of insights once a day, so the app deletes what is past the retention
 * even on a blog nobody visits (it prunes at every batch). Kept in storage, so a lobby evicted
 * or restarted keeps the schedule.
 */
export class InsightsRetentionCall {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly settings: Settings,
  ) {}

  async dueAt(now: number): Promise<number> {
    const due = await this.storage.get<number>(RETENTION_DUE_KEY);
    if (due !== undefined) return due;
    await this.storage.put(RETENTION_DUE_KEY, now + INSIGHTS_RETENTION_CALL_MS);
    return now + INSIGHTS_RETENTION_CALL_MS;
  }

  /** Sends the call when it is due; the next one in a day, or soon again when the app didn't take it. */
  async sendDue(now: number): Promise<void> {
    if ((await this.dueAt(now)) > now) return;
    const delivered = await postToApp(this.settings, INSIGHTS_PATH, JSON.stringify({ buckets: [] }), now);
    await this.storage.put(RETENTION_DUE_KEY, now + (delivered ? INSIGHTS_RETENTION_CALL_MS : RETENTION_RETRY_MS));
  }
}
