// Heartbeat floods against a site shard whose sweeps are far enough apart (PRESENCE_SWEEP_MS is
// 14 s here) that the runtime evicts it between them: heartbeats are answered without waking it,
// so every sweep may find a freshly started object. Three sockets flood at 10 and 33 beats a
// second and in a tight loop; an honest socket beats beside them.
import { describe, expect, it, vi } from "vitest";
import { FLOOD_SWEEPS } from "../../party/core/liveness";
import { SITE, summary, tracked } from "./support/observe";
import { eventually, openSocket, sleep, type TestSocket } from "./support/sockets";
import { TEST_WORKER_VARS } from "./support/vars";

const SWEEP_MS = 14_000;
/** The last sweep that may close a flooder: FLOOD_SWEEPS of them at their longest, one more, and a margin. */
const CLOSED_WITHIN_MS = (FLOOD_SWEEPS + 1) * SWEEP_MS * 1.2 + 3_000;

/** Sends `burst` heartbeats every `everyMs` until the socket closes. */
function flood(socket: TestSocket, everyMs: number, burst = 1): () => void {
  const timer = setInterval(() => {
    for (let i = 0; i < burst && socket.ws.readyState === WebSocket.OPEN; i++) socket.ping();
  }, everyMs);
  return () => clearInterval(timer);
}

/** How the socket was closed, or "open" if it still is after `ms`. */
const closedWithin = (socket: TestSocket, ms: number) =>
  Promise.race([socket.closed, new Promise<"open">((resolve) => setTimeout(() => resolve("open"), ms))]);

describe("heartbeat floods across evictions", () => {
  it("sockets beating 10 and 33 times a second are closed with 4429, one beating in a tight loop is cut; an honest one stays", { timeout: CLOSED_WITHIN_MS + 30_000 }, async () => {
    expect(Number(TEST_WORKER_VARS.PRESENCE_SWEEP_MS)).toBeLessThan(SWEEP_MS); // this file's project overrides it
    const log = vi.spyOn(console, "log");
    const honest = tracked(await openSocket(SITE));
    const flooders = {
      "10/s": tracked(await openSocket(SITE), { heartbeat: false }),
      "33/s": tracked(await openSocket(SITE), { heartbeat: false }),
      "tight loop": tracked(await openSocket(SITE), { heartbeat: false }),
    };
    const stops = [flood(flooders["10/s"], 100), flood(flooders["33/s"], 30), flood(flooders["tight loop"], 2, 20)];
    await eventually(async () => expect((await summary()).online).toBe(4));

    const outcomes = await Promise.all(Object.values(flooders).map((socket) => closedWithin(socket, CLOSED_WITHIN_MS)));
    for (const stop of stops) stop();
    const wakes = log.mock.calls.filter(([line]) => typeof line === "string" && / woke with \d+ connections/.test(line)).length;

    expect(outcomes.slice(0, 2)).toEqual([expect.objectContaining({ code: 4429 }), expect.objectContaining({ code: 4429 })]);
    // workerd cuts a socket this fast when the close collides with a heartbeat's answer ("another
    // message send is already in progress"): closed without a close frame reaching it. Either way
    // it is gone: no longer answered, no longer counted.
    const tight = flooders["tight loop"];
    if (outcomes[2] === "open") {
      const pongs = tight.pongs;
      await sleep(2_000);
      expect({ readyState: tight.ws.readyState, newPongs: tight.pongs - pongs }).toEqual({ readyState: WebSocket.CLOSED, newPongs: 0 });
    } else {
      expect(outcomes[2]).toMatchObject({ code: 4429 });
    }
    // The shard was evicted and woken by its sweeps while the floods went on.
    expect(wakes).toBeGreaterThanOrEqual(2);
    expect(honest.ws.readyState).toBe(WebSocket.OPEN);
    await eventually(async () => expect((await summary()).online).toBe(1));
  });
});
