import type { Env } from "./env";
import { armAlarm } from "./liveness";
import type { LastSeenBatch } from "./protocol";
import { postSigned, retryDelayMs } from "./signed-post";
import { LAST_SEEN_FLUSH_DELAY_MS, LAST_SEEN_HEARTBEAT_MS } from "./timing";

interface OutboxState {
  /** userId -> the latest time they were seen that the app has not yet confirmed. */
  pending: Record<string, number>;
  failures: number;
  nextAttemptAt: number | null;
  nextHeartbeatAt: number | null;
}

const STORAGE_KEY = "last-seen-outbox";
/** People per report. */
const BATCH_SIZE = 500;
const EMPTY: OutboxState = { pending: {}, failures: 0, nextAttemptAt: null, nextHeartbeatAt: null };

interface Host {
  ctx: DurableObjectState;
  env: Env;
}

/**
 * Last-seen reports on their way to the app: kept in Durable Object storage until the
 * app confirms them, sent in signed batches, retried with exponential back-off. Entries
 * only ever hold the latest time per person, and the app only moves time forward, so a
 * retried or duplicated batch can never move anyone's last-seen backwards.
 */
export class LastSeenOutbox {
  constructor(private readonly host: Host) {}

  /** A visible person is online: make sure the minute heartbeat is running. */
  async markOnline(): Promise<void> {
    const state = await this.load();
    if (state.nextHeartbeatAt !== null) return;
    state.nextHeartbeatAt = Date.now() + LAST_SEEN_HEARTBEAT_MS;
    await this.save(state);
  }

  /** A visible person's last connection closed at `at`. */
  async markLeft(userId: string, at: number): Promise<void> {
    const state = await this.load();
    enqueue(state, [userId], at);
    state.nextAttemptAt = Math.min(state.nextAttemptAt ?? Infinity, Date.now() + LAST_SEEN_FLUSH_DELAY_MS);
    await this.save(state);
  }

  /** Runs on the object's alarm: heartbeat for who is online, seen when last heard from, then send what is due. */
  async onAlarm(online: { userId: string; seenAt: number }[]): Promise<void> {
    const state = await this.load();
    const now = Date.now();
    if (state.nextHeartbeatAt !== null && state.nextHeartbeatAt <= now) {
      for (const { userId, seenAt } of online) enqueue(state, [userId], Math.min(seenAt, now));
      state.nextHeartbeatAt = online.length > 0 ? now + LAST_SEEN_HEARTBEAT_MS : null;
      state.nextAttemptAt = now;
    }
    const batch = Object.entries(state.pending)
      .slice(0, BATCH_SIZE)
      .map(([userId, seenAt]) => ({ userId, seenAt }));
    if (state.nextAttemptAt !== null && state.nextAttemptAt <= now && batch.length === 0) state.nextAttemptAt = null;
    await this.save(state);
    if (state.nextAttemptAt === null || state.nextAttemptAt > now) return;

    const ok = await this.post({ batchId: crypto.randomUUID(), entries: batch }, now);
    // People may have left while the report was on its way: apply the result to what is
    // stored now, not to the copy read before, or their entries would be lost.
    const after = await this.load();
    if (ok) {
      for (const { userId, seenAt } of batch) {
        if (after.pending[userId] === seenAt) delete after.pending[userId];
      }
      after.failures = 0;
      after.nextAttemptAt = Object.keys(after.pending).length > 0 ? Date.now() : null;
    } else {
      after.failures += 1;
      after.nextAttemptAt = Date.now() + retryDelayMs(after.failures);
    }
    await this.save(after);
  }

  private async post(batch: LastSeenBatch, now: number): Promise<boolean> {
    const { PRESENCE_SECRET, APP_URL } = this.host.env;
    if (!PRESENCE_SECRET || !APP_URL) return false;
    return postSigned(new URL("/api/presence/last-seen", APP_URL), PRESENCE_SECRET, JSON.stringify(batch), now);
  }

  private async load(): Promise<OutboxState> {
    return { ...EMPTY, ...((await this.host.ctx.storage.get<OutboxState>(STORAGE_KEY)) ?? {}) };
  }

  private async save(state: OutboxState): Promise<void> {
    await this.host.ctx.storage.put(STORAGE_KEY, state);
    const due = Math.min(state.nextAttemptAt ?? Infinity, state.nextHeartbeatAt ?? Infinity);
    if (Number.isFinite(due)) await armAlarm(this.host.ctx.storage, due);
  }
}

function enqueue(state: OutboxState, userIds: string[], at: number): void {
  for (const userId of userIds) state.pending[userId] = Math.max(state.pending[userId] ?? 0, at);
}
