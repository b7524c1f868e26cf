import { expect, test } from "@playwright/test";
import { signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/party/protocol";
import { lastSeenAt } from "./support/db";
import { lastSeenBody, postLastSeen, signedHeaders } from "./support/last-seen-calls";
import { waitForEmptySite } from "./support/fixtures";
import { E2E_APP_URL, E2E_PRESENCE_SECRET, E2E_WORKER_URL } from "./support/ports";
import { presenceToken, unsignedToken } from "./support/tokens";
import { startWorker, stopWorker } from "./support/worker-process";
import { connect, signedSessionId, upgradeStatus } from "./support/ws-client";

const SITE = "/parties/site/global";
const ROOM = "/parties/article/how-live-presence-works";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function siteSummary() {
  return (await fetch(`${E2E_WORKER_URL}${SITE}`)).json();
}

test.beforeEach(async () => {
  await waitForEmptySite();
});

test("bad presence tokens get 401 before a socket opens, and are never counted", { tag: "@attack" }, async () => {
  const bad: Record<string, string> = {
    "signed with another secret": await presenceToken({ secret: "not-the-presence-secret-0123456789abcdef" }),
    expired: await presenceToken({ issuedAtSecondsAgo: 600, expiresInSeconds: -300 }),
    "living longer than 5 minutes": await presenceToken({ issuedAtSecondsAgo: 400, expiresInSeconds: 3600 }),
    "for another audience": await presenceToken({ audience: "someone-else" }),
    "from another issuer": await presenceToken({ issuer: "someone-else" }),
    "alg none": unsignedToken(),
    garbage: "not.a.token",
  };
  for (const [label, token] of Object.entries(bad)) {
    const query = { sid: await signedSessionId(), token };
    expect(await upgradeStatus(SITE, { query }), label).toBe(401);
    expect(await upgradeStatus(ROOM, { query }), label).toBe(401);
  }
  expect((await siteSummary()).online).toBe(0);
});

test("session ids must carry the app's signature", { tag: "@attack" }, async () => {
  const signed = await signedSessionId("test-aaaaaaaaaaaaaaaaaaaaaaaa");
  const tampered = `test-bbbbbbbbbbbbbbbbbbbbbbbb.${signed.split(".")[1]}`;
  for (const sid of ["test-aaaaaaaaaaaaaaaaaaaaaaaa", tampered, `${signed}x`, ""]) {
    expect(await upgradeStatus(SITE, { query: { sid } }), sid).toBe(401);
  }
  expect(await upgradeStatus(SITE, { query: {} })).toBe(401);
  expect(await upgradeStatus(SITE, { query: { sid: signed } })).toBe(101);
});

test("a user id or identity the client sends in the URL, a header or a message is never believed", { tag: "@attack" }, async () => {
  const forgedIdentity = JSON.stringify({ sessionId: "x", user: { id: "seed-ada", name: "Ada", image: null, visible: true } });
  const site = await connect(SITE, {
    query: { userId: "seed-ada", user: "seed-ada", name: "Ada" },
    headers: { "x-live-readers-identity": forgedIdentity, "x-user-id": "seed-ada" },
  });
  const room = await connect(ROOM, { headers: { "x-live-readers-identity": forgedIdentity } });
  room.send(JSON.stringify({ type: "progress", progress: 0.5, userId: "seed-ada", name: "Ada" }));
  await sleep(500);
  const summary = await siteSummary();
  // Counted once, anonymously (the room socket does not count on the site; the site socket does).
  expect(summary.online).toBe(1);
  expect(summary.people).toEqual([]);
  const snapshot = room.messages[0] as { readers: { label: string }[] };
  expect(snapshot.readers.map((r) => r.label)).not.toContain("Ada");
  site.socket.close();
  room.socket.close();
});

test("a valid token makes the reader themself: one person on two devices is one reader", { tag: "@attack" }, async () => {
  const token = await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" });
  const laptop = await connect(SITE, { query: { token } });
  const phone = await connect(SITE, { query: { token: await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" }) } });
  await sleep(400);
  const summary = await siteSummary();
  expect(summary.online).toBe(1);
  expect(summary.people).toEqual([{ id: "seed-ada", name: "Ada Lovelace", image: null, reading: null, active: true }]);
  laptop.socket.close();
  phone.socket.close();
});

test("people who hide are counted as one anonymous reader and listed nowhere", { tag: "@attack" }, async () => {
  const token = await presenceToken({ sub: "seed-grace", name: "Grace Hopper", visible: false });
  const site = await connect(SITE, { query: { token } });
  const room = await connect(ROOM, { query: { token } });
  const watcher = await connect(ROOM);
  await sleep(400);
  const summary = await siteSummary();
  expect(summary.online).toBe(1);
  expect(summary.people).toEqual([]);
  expect(JSON.stringify(watcher.messages)).not.toContain("Grace");
  const readers = (watcher.messages[0] as { readers: { label: string }[] }).readers;
  expect(readers).toHaveLength(2);
  for (const client of [site, room, watcher]) client.socket.close();
});

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
    body: JSON.stringify({ userId: "seed-ada" }),
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

test("when the owner limits the online list to signed-in people, anonymous readers never receive it", { tag: "@attack" }, async () => {
  await stopWorker();
  await startWorker({ vars: { ONLINE_LIST_AUDIENCE: "signed-in" } });
  try {
    const ada = await connect(SITE, { query: { token: await presenceToken({ sub: "seed-ada", name: "Ada Lovelace" }) } });
    const anonymous = await connect(SITE);
    await sleep(400);
    const grace = await connect(SITE, { query: { token: await presenceToken({ sub: "seed-grace", name: "Grace Hopper" }) } });
    await sleep(600);
    expect((anonymous.messages[0] as { people: unknown }).people).toBeNull();
    expect(JSON.stringify(anonymous.messages)).not.toMatch(/Ada|Grace/);
    expect(JSON.stringify(grace.messages)).toContain("Ada Lovelace");
    expect(JSON.stringify(ada.messages)).toContain("Grace Hopper");
    const summary = await siteSummary();
    expect(summary.online).toBe(3);
    expect(summary.people).toBeNull();
    for (const client of [ada, anonymous, grace]) client.socket.close();
  } finally {
    await stopWorker();
    await startWorker();
  }
});
