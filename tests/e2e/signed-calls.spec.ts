// The app's side of the signed calls between app and worker: forged, replayed, reused and
// mixed last-seen reports against the real route and database.
import { expect, test } from "@playwright/test";
import { signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/party/shared/signed-calls";
import { lastSeenAt } from "./support/db";
import { lastSeenBody, postLastSeen, signedHeaders } from "./support/last-seen-calls";
import { E2E_APP_URL, E2E_PRESENCE_SECRET, E2E_WORKER_URL } from "./support/ports";

test("worker-to-app calls need a fresh, valid signature; a refused call changes nothing", { tag: "@attack" }, async ({ request }) => {
  const before = await lastSeenAt("seed-grace");
  const body = JSON.stringify({ batchId: "b1", entries: [{ userId: "seed-grace", seenAt: Date.now() }] });
  const now = Date.now();
  const attempts: { label: string; headers: Record<string, string> }[] = [
    { label: "no signature", headers: { [TIMESTAMP_HEADER]: String(now) } },
    { label: "wrong signature", headers: { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall("wrong-secret-0123456789abcdefghijkl", body, now) } },
    { label: "replayed after a minute", headers: { [TIMESTAMP_HEADER]: String(now - 61_000), [SIGNATURE_HEADER]: await signCall(E2E_PRESENCE_SECRET, body, now - 61_000) } },
  ];
  for (const { label, headers } of attempts) {
    const response = await request.post(`${E2E_APP_URL}/api/presence/last-seen`, { data: body, headers: { "content-type": "application/json", ...headers } });
    expect(response.status(), label).toBe(401);
  }
  expect(await lastSeenAt("seed-grace")).toBe(before);
  const internal = await fetch(`${E2E_WORKER_URL}/internal/identity-changed`, {
    method: "POST",
    body: JSON.stringify({ userId: "seed-ada", epoch: 9, sessionId: null }),
    headers: { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: "forged" },
  });
  expect(internal.status).toBe(401);
});

test("signed last-seen batches move time only forward, and applying one twice changes nothing", { tag: "@attack" }, async ({ request }) => {
  const post = async (seenAt: number) => {
    const body = JSON.stringify({ batchId: `b-${seenAt}`, entries: [{ userId: "seed-grace", seenAt }] });
    const now = Date.now();
    const headers = { "content-type": "application/json", [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(E2E_PRESENCE_SECRET, body, now) };
    const response = await request.post(`${E2E_APP_URL}/api/presence/last-seen`, { data: body, headers });
    expect(response.status()).toBe(200);
    return (await response.json()).updated as number;
  };
  const newer = Date.now() - 1000;
  expect(await post(newer)).toBe(1);
  expect(await lastSeenAt("seed-grace")).toBe(newer);
  expect(await post(newer)).toBe(0);
  expect(await post(newer - 60_000)).toBe(0);
  expect(await lastSeenAt("seed-grace")).toBe(newer);
});

test("a captured signed call can't be reused with a refreshed timestamp, another body, or a time in the future", { tag: "@attack" }, async () => {
  const before = await lastSeenAt("seed-grace");
  const seenAt = Math.max(Date.now() - 500, (before ?? 0) + 1);
  const body = lastSeenBody([{ userId: "seed-grace", seenAt }]);
  const captured = await signedHeaders(body);
  const later = lastSeenBody([{ userId: "seed-grace", seenAt: seenAt + 60_000 }]);
  const inTheFuture = Date.now() + 61_000;
  const attempts: Record<string, [string, Record<string, string>]> = {
    "its signature with a fresh timestamp": [body, { ...captured, [TIMESTAMP_HEADER]: String(Date.now() + 1) }],
    "its signature on a body moving time further": [later, captured],
    "its signature on another person's report": [lastSeenBody([{ userId: "seed-ada", seenAt }]), captured],
    "signed more than a minute ahead": [body, await signedHeaders(body, inTheFuture)],
  };
  for (const [label, [attemptBody, headers]] of Object.entries(attempts)) {
    expect((await postLastSeen(attemptBody, headers)).status, label).toBe(401);
  }
  expect(await lastSeenAt("seed-grace")).toBe(before);
  // The captured call itself was good: sent as it was, it is applied.
  expect((await postLastSeen(body, captured)).status).toBe(200);
  expect(await lastSeenAt("seed-grace")).toBe(seenAt);
});

test("a batch mixing a stale time and a fresh one moves each person only forward", { tag: "@attack" }, async () => {
  // Later than anything stored by earlier tests, so the first report surely applies.
  const graceNow = Math.max(Date.now() - 2000, ((await lastSeenAt("seed-grace")) ?? 0) + 1);
  const first = lastSeenBody([{ userId: "seed-grace", seenAt: graceNow }]);
  expect((await postLastSeen(first, await signedHeaders(first))).status).toBe(200);
  const adaNow = Math.max(Date.now() - 1000, ((await lastSeenAt("seed-ada")) ?? 0) + 1);
  // Arriving late, after the report above: Grace's entry is older than what is stored, Ada's is new.
  const mixed = lastSeenBody([{ userId: "seed-grace", seenAt: graceNow - 60_000 }, { userId: "seed-ada", seenAt: adaNow }]);
  const response = await postLastSeen(mixed, await signedHeaders(mixed));
  expect(await response.json()).toEqual({ updated: 1 });
  expect(await lastSeenAt("seed-grace")).toBe(graceNow);
  expect(await lastSeenAt("seed-ada")).toBe(adaNow);
});
