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

/** Last-seen times for the app: one entry per person, the latest; the app only ever moves them forward. */
export function lastSeenOutbox(storage: DurableObjectStorage, settings: Settings): DurableOutbox<LastSeenEntry> {
  return new DurableOutbox<LastSeenEntry>(storage, {
    name: "last-seen",
    batchSize: 500,
    maxQueued: 50_000,
    coalesce: { keyOf: (entry) => entry.userId, merge: (older, newer) => ({ userId: newer.userId, seenAt: Math.max(older.seenAt, newer.seenAt) }) },
    deliver: (entries, now) =>
      postSigned(new URL(LAST_SEEN_PATH, settings.appUrl).toString(), settings.secret, JSON.stringify({ batchId: crypto.randomUUID(), entries }), now),
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
    deliver: (buckets, now) => postSigned(new URL(INSIGHTS_PATH, settings.appUrl).toString(), settings.secret, JSON.stringify({ buckets }), now),
  });
}
