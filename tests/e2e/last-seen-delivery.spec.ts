import { expect, test } from "@playwright/test";
import { lastSeenAt } from "./support/db";
import { waitForEmptySite } from "./support/fixtures";
import { presenceToken } from "./support/tokens";
import { startWorker, stopWorker } from "./support/worker-process";
import { connect } from "./support/ws-client";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("last-seen reports wait in Durable Object storage while the app is unreachable, and arrive once it is back", { tag: "@attack" }, async () => {
  await waitForEmptySite();
  // The worker, restarted pointing at a port where no app listens: the app is "down".
  await stopWorker();
  await startWorker({ vars: { APP_URL: "http://127.0.0.1:9" } });
  try {
    const before = await lastSeenAt("seed-ada");
    const ada = await connect("/parties/site/global", { query: { token: await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" }) } });
    await sleep(300);
    const leftAt = Date.now();
    ada.socket.close();
    // A few attempts fail meanwhile (1 s, 2 s back-off); nothing reaches the database.
    await sleep(3500);
    expect(await lastSeenAt("seed-ada")).toBe(before);

    // The app is reachable again (and the worker itself restarted: the outbox is in storage).
    await stopWorker();
    await startWorker();
    await expect.poll(() => lastSeenAt("seed-ada"), { timeout: 20_000 }).toBeGreaterThanOrEqual(leftAt - 1000);
    const written = await lastSeenAt("seed-ada");
    expect(written).toBeLessThanOrEqual(Date.now());
  } finally {
    await stopWorker();
    await startWorker();
  }
});
