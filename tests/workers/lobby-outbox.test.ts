// The lobby's one durable outbox (last-seen to the app, status events to the webhook): kept in
// storage until the receiver confirms, in order, retried with back-off and jitter, and still
// there after a restart. Run inside the lobby's own storage.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { INSIGHTS_RETENTION_CALL_MS } from "../../party/lobby/deliveries";
import { DurableOutbox, OUTBOX_RETRY_FIRST_DELAY_MS, OUTBOX_RETRY_MAX_DELAY_MS, retryDelayMs } from "../../party/lobby/outbox";
import { verifyCall } from "../../party/shared/signed-calls";
import { captureOutbound, SITE, tracked } from "./support/observe";
import { eventually, openSocket, presenceToken, signedSessionId } from "./support/sockets";
import { TEST_SECRET, TEST_WORKER_VARS } from "./support/vars";

const lobby = () => env.Lobby.getByName("main");

afterEach(() => vi.useRealTimers());

interface Delivery {
  items: number[];
  ok: boolean;
}

/** An outbox in the lobby's storage whose receiver answers as `answers` says (then 2xx). */
function outboxIn(storage: DurableObjectStorage, name: string, answers: boolean[], deliveries: Delivery[], batchSize = 3) {
  return new DurableOutbox<number>(storage, {
    name,
    batchSize,
    maxQueued: 5,
    deliver: async (items) => {
      const ok = answers.shift() ?? true;
      deliveries.push({ items, ok });
      return ok;
    },
  });
}

describe("the durable outbox", () => {
  it("delivers in order, in batches, and keeps what the receiver refused for the next attempt", async () => {
    const deliveries: Delivery[] = [];
    await runInDurableObject(lobby(), async (_instance, state) => {
      const outbox = outboxIn(state.storage, "test-order", [true, false], deliveries);
      await outbox.add([1, 2, 3, 4, 5], Date.now());
      await outbox.deliverDue(Date.now());
      await outbox.deliverDue(Date.now());
      expect(await outbox.size()).toBe(2);
    });
    expect(deliveries).toEqual([
      { items: [1, 2, 3], ok: true },
      { items: [4, 5], ok: false },
    ]);
  });

  it("waits longer after each failure in a row, with jitter, up to the limit, and starts over after a success", async () => {
    const delays = Array.from({ length: 10 }, (_, failures) => retryDelayMs(failures + 1, () => 1));
    expect(delays.slice(0, 4)).toEqual([1000, 2000, 4000, 8000].map((full) => Math.min(full, OUTBOX_RETRY_MAX_DELAY_MS)));
    expect(Math.max(...delays)).toBe(OUTBOX_RETRY_MAX_DELAY_MS);
    expect(retryDelayMs(1, () => 0)).toBe(OUTBOX_RETRY_FIRST_DELAY_MS / 2);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_900_000_000_000);
    const deliveries: Delivery[] = [];
    await runInDurableObject(lobby(), async (_instance, state) => {
      const outbox = outboxIn(state.storage, "test-backoff", [false, false, false], deliveries);
      await outbox.add([7], Date.now());
      const waits: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        const due = (await outbox.dueAt())!;
        waits.push(due - Date.now());
        vi.setSystemTime(due);
        await outbox.deliverDue(Date.now());
      }
      expect(waits[0]).toBe(0);
      // Each wait is between half of and all of the doubled delay.
      for (const [index, wait] of waits.slice(1).entries()) {
        const full = OUTBOX_RETRY_FIRST_DELAY_MS * 2 ** index;
        expect(wait).toBeGreaterThanOrEqual(full / 2);
        expect(wait).toBeLessThanOrEqual(full);
      }
      expect(await outbox.size()).toBe(0);
      expect(await outbox.dueAt()).toBeNull();
    });
    expect(deliveries.map((delivery) => delivery.ok)).toEqual([false, false, false, true]);
  });

  it("delivers and forgets batches larger than storage deletes at once (128 keys)", async () => {
    const deliveries: Delivery[] = [];
    await runInDurableObject(lobby(), async (_instance, state) => {
      const outbox = new DurableOutbox<number>(state.storage, {
        name: "test-large",
        batchSize: 500,
        maxQueued: 1000,
        deliver: async (items) => {
          deliveries.push({ items, ok: true });
          return true;
        },
      });
      await outbox.add(Array.from({ length: 300 }, (_, i) => i), Date.now());
      await outbox.deliverDue(Date.now());
      expect(await outbox.size()).toBe(0);
      expect((await state.storage.list({ prefix: "test-large:item:" })).size).toBe(0);
    });
    expect(deliveries[0]?.items).toHaveLength(300);
  });

  it("is still there after a restart: a new outbox on the same storage delivers what the old one held", async () => {
    const deliveries: Delivery[] = [];
    await runInDurableObject(lobby(), async (_instance, state) => {
      await outboxIn(state.storage, "test-restart", [false], deliveries).add([1, 2], Date.now());
      await outboxIn(state.storage, "test-restart", [false], deliveries).deliverDue(Date.now());
    });
    await runInDurableObject(lobby(), async (_instance, state) => {
      const afterRestart = outboxIn(state.storage, "test-restart", [], deliveries);
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime((await afterRestart.dueAt())!);
      await afterRestart.deliverDue(Date.now());
      expect(await afterRestart.size()).toBe(0);
    });
    expect(deliveries.map((delivery) => delivery.items)).toEqual([[1, 2], [1, 2]]);
  });

  it("keeps one entry per key, merged, and drops the oldest beyond its size", async () => {
    const delivered: { userId: string; seenAt: number }[][] = [];
    await runInDurableObject(lobby(), async (_instance, state) => {
      const outbox = new DurableOutbox<{ userId: string; seenAt: number }>(state.storage, {
        name: "test-coalesce",
        batchSize: 10,
        maxQueued: 3,
        coalesce: { keyOf: (entry) => entry.userId, merge: (a, b) => ({ userId: b.userId, seenAt: Math.max(a.seenAt, b.seenAt) }) },
        deliver: async (entries) => {
          delivered.push(entries);
          return true;
        },
      });
      await outbox.add([{ userId: "ada", seenAt: 5 }, { userId: "ada", seenAt: 3 }, { userId: "bob", seenAt: 1 }], Date.now());
      await outbox.add([{ userId: "cy", seenAt: 1 }, { userId: "dee", seenAt: 1 }], Date.now());
      expect(await outbox.size()).toBe(3);
      await outbox.deliverDue(Date.now());
    });
    // Ada's two entries were one (the latest); as the oldest of four, it made room for the newest.
    expect(delivered).toEqual([[{ userId: "bob", seenAt: 1 }, { userId: "cy", seenAt: 1 }, { userId: "dee", seenAt: 1 }]]);
  });
});

describe("what the lobby delivers", () => {
  it("a visible person's last-seen reaches the app signed; while the app is down it waits, and arrives once it is back", async () => {
    let appDown = true;
    const calls = captureOutbound((url) => (url.includes("/api/presence/last-seen") && appDown ? 503 : 200));
    const sid = await signedSessionId();
    const socket = tracked(await openSocket(SITE, { sid, token: await presenceToken({ sid, userId: "outbox-ada" }) }));
    await socket.next((frame) => frame.type === "site-snapshot");
    socket.close(1000);
    const attempts = () => calls.filter((call) => call.url.endsWith("/api/presence/last-seen"));
    await eventually(() => expect(attempts().length).toBeGreaterThanOrEqual(1), { timeoutMs: 5000 });
    appDown = false;
    // The retry is a second or two away; the alarm can be run now.
    await eventually(async () => {
      await runDurableObjectAlarm(lobby());
      expect(attempts().length).toBeGreaterThanOrEqual(2);
    }, { timeoutMs: 10_000, everyMs: 500 });
    const delivered = attempts().at(-1)!;
    const body = JSON.stringify(delivered.body);
    const verdict = await verifyCall(TEST_SECRET, body, delivered.headers.get("x-presence-timestamp"), delivered.headers.get("x-presence-signature"), Date.now());
    expect(verdict).toEqual({ ok: true });
    expect((delivered.body as { entries: { userId: string }[] }).entries).toEqual([expect.objectContaining({ userId: "outbox-ada" })]);
  });

  it("status events reach the webhook in order, signed with the webhook's own secret", async () => {
    const calls = captureOutbound();
    const sid = await signedSessionId();
    const socket = tracked(await openSocket(SITE, { sid, token: await presenceToken({ sid, userId: "hook-ada" }) }));
    await socket.next((frame) => frame.type === "site-snapshot");
    const hooks = () => calls.filter((call) => call.url.startsWith("http://hooks.test"));
    const statuses = () =>
      hooks()
        .flatMap((call) => (call.body as { events: { userId: string; status: string }[] }).events)
        .filter((event) => event.userId === "hook-ada")
        .map((event) => event.status);
    const delivered = (expected: string[]) =>
      eventually(async () => {
        await runDurableObjectAlarm(lobby());
        expect(statuses()).toEqual(expected);
      }, { timeoutMs: 10_000, everyMs: 300 });
    await delivered(["online"]);
    socket.send({ type: "activity", active: false });
    await delivered(["online", "idle"]);
    socket.close(1000);
    await delivered(["online", "idle", "offline"]);
    for (const call of hooks()) {
      const verdict = await verifyCall(TEST_WORKER_VARS.WEBHOOK_SECRET, JSON.stringify(call.body), call.headers.get("x-presence-timestamp"), call.headers.get("x-presence-signature"), Date.now());
      expect(verdict).toEqual({ ok: true });
    }
  });
});

describe("insights retention on a blog nobody visits", () => {
  it("the lobby keeps an alarm and sends the app a signed, empty batch of insights once a day, so the app prunes old ones", async () => {
    const calls = captureOutbound();
    const insightCalls = () => calls.filter((call) => call.url.endsWith("/api/presence/insights"));
    // No reader anywhere. The lobby always has an alarm: its next retention call is at most a day away.
    const [alarm, due] = await runInDurableObject(lobby(), async (_instance, state) => [await state.storage.getAlarm(), await state.storage.get<number>("insights-retention-due")]);
    expect(alarm).not.toBeNull();
    expect(due).toBeLessThanOrEqual(Date.now() + INSIGHTS_RETENTION_CALL_MS);
    // A day later (the due time moved to now), the alarm sends the call.
    await runInDurableObject(lobby(), (_instance, state) => state.storage.put("insights-retention-due", Date.now() - 1));
    await runDurableObjectAlarm(lobby());
    expect(insightCalls().map((call) => call.body)).toEqual([{ buckets: [] }]);
    const [call] = insightCalls();
    expect(await verifyCall(TEST_SECRET, JSON.stringify(call!.body), call!.headers.get("x-presence-timestamp"), call!.headers.get("x-presence-signature"), Date.now())).toEqual({ ok: true });
    // The next one a day on, and not before.
    const next = await runInDurableObject(lobby(), (_instance, state) => state.storage.get<number>("insights-retention-due"));
    expect(next).toBeGreaterThan(Date.now() + INSIGHTS_RETENTION_CALL_MS - 60_000);
    await runDurableObjectAlarm(lobby());
    expect(insightCalls()).toHaveLength(1);
  });
});
