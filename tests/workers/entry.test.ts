// The worker's front door, attacked: client-named parties and rooms, forged and near-miss
// tickets, hostile sizes, internal calls; nothing answers with internals, and a bad setting is
// named for the owner.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleRequest } from "../../party/entry/route";
import { INTERNAL_PATHS, signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../party/shared/signed-calls";
import { POST, SITE, summary } from "./support/observe";
import { eventually, get, presenceToken, sessionIdOf, signedSessionId, upgradeStatus } from "./support/sockets";
import { TEST_SECRET } from "./support/vars";

const OTHER_SECRET = "some-other-presence-secret-0123456789abcdef";

function oneCharacterOff(value: string, at: number): string {
  const replacement = value[at] === "A" ? "B" : "A";
  return value.slice(0, at) + replacement + value.slice(at + 1);
}

describe("names a client chooses", () => {
  it("parties and rooms that are JavaScript prototype keys, or simply unknown, are 404 for sockets and GETs alike", async () => {
    const paths = [
      "/parties/__proto__/global",
      "/parties/constructor/global",
      "/parties/toString/x",
      "/parties/site/__proto__",
      "/parties/site/shard-0",
      "/parties/article/hasOwnProperty",
      "/parties/lobby/main",
      "/parties/Site/global",
      `/parties/article/${"a".repeat(5000)}`,
    ];
    for (const path of paths) {
      expect(await upgradeStatus(path), path).toBe(404);
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe("Unknown room");
    }
  });

  it("other methods get 405, and foreign origins 403", async () => {
    expect((await get(SITE, { method: "POST", body: "{}" })).status).toBe(405);
    expect((await get(POST, { method: "DELETE" })).status).toBe(405);
    expect(await upgradeStatus(SITE, { origin: "https://evil.example" })).toBe(403);
  });
});

describe("tickets", () => {
  it("a session id is refused unsigned, one character off, or signed with another secret; accepted as issued", async () => {
    const signed = await signedSessionId();
    expect(await upgradeStatus(SITE, { sid: signed })).toBe(101);
    for (const forged of [
      sessionIdOf(signed),
      `${sessionIdOf(signed)}.`,
      oneCharacterOff(signed, signed.length - 2),
      oneCharacterOff(signed, 3),
      await signedSessionId(sessionIdOf(signed), OTHER_SECRET),
      "a".repeat(100_000),
    ]) {
      expect(await upgradeStatus(SITE, { sid: forged })).toBe(401);
    }
  });

  it("a presence token is refused when forged, expired, for another session, or near a real one", async () => {
    const sid = await signedSessionId();
    const good = await presenceToken({ sid, userId: "ada" });
    expect(await upgradeStatus(SITE, { sid, token: good })).toBe(101);
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const unsigned = `${btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "")}.${payload}.`;
    const bad = [
      await presenceToken({ sid, userId: "ada", secret: OTHER_SECRET }),
      await presenceToken({ sid, userId: "ada", expiresInSeconds: -10 }),
      await presenceToken({ sid, userId: "ada", issuedAtSecondsAgo: 3600, expiresInSeconds: 60 }),
      await presenceToken({ sid: await signedSessionId(), userId: "ada" }),
      await presenceToken({ sid, userId: "ada", claims: { sid: undefined } }),
      await presenceToken({ sid, userId: "ada", claims: { epoch: undefined } }),
      `${header}.${payload}.${oneCharacterOff(signature, 5)}`,
      `${header}.${payload}.${signature.slice(0, -1)}`,
      unsigned,
      "x".repeat(10_000),
    ];
    for (const token of bad) expect(await upgradeStatus(SITE, { sid, token })).toBe(401);
    await eventually(async () => expect((await summary()).online).toBe(0));
  });
});

describe("nothing answers with internals", () => {
  it("a misconfigured worker says which setting is wrong on /health, and only 'misconfigured' elsewhere", async () => {
    const broken = { ...env, SITE_SHARDS: "sixty-five" } as unknown as Env;
    const health = await handleRequest(new Request("http://presence.test/health"), broken);
    expect(health.status).toBe(500);
    expect(await health.text()).toContain("SITE_SHARDS");
    const page = await handleRequest(new Request("http://presence.test/parties/site/global"), broken);
    expect(page.status).toBe(500);
    expect(await page.text()).toBe("The presence worker is misconfigured; its log names the setting.");
    expect(await (await get("/health")).text()).toBe("ok");
  });
});

describe("internal calls from the app", () => {
  async function signedPost(path: string, body: BodyInit, { secret = TEST_SECRET, signedBody = typeof body === "string" ? body : "" } = {}) {
    const now = Date.now();
    return get(path, { method: "POST", body, headers: { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: await signCall(secret, signedBody, now) } });
  }

  it("need a signature over this very body, made with the shared secret, within the last minute", async () => {
    const body = JSON.stringify({ userId: "ada", epoch: 1, sessionId: null });
    expect((await signedPost(INTERNAL_PATHS.identityChanged, body)).status).toBe(200);
    expect((await signedPost(INTERNAL_PATHS.identityChanged, body, { secret: OTHER_SECRET })).status).toBe(401);
    expect((await signedPost(INTERNAL_PATHS.identityChanged, body.replace("1", "2"), { signedBody: body })).status).toBe(401);
    const old = Date.now() - 120_000;
    const replay = await get(INTERNAL_PATHS.identityChanged, {
      method: "POST",
      body,
      headers: { [TIMESTAMP_HEADER]: String(old), [SIGNATURE_HEADER]: await signCall(TEST_SECRET, body, old) },
    });
    expect(replay.status).toBe(401);
    expect((await signedPost(INTERNAL_PATHS.identityChanged, '{"userId":""}')).status).toBe(400);
  });

  it("an endless body is refused once it passes the limit, without being read whole", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(65));
        if (sent > 50 * 1024 * 1024) controller.close();
      },
    });
    const response = await signedPost(INTERNAL_PATHS.identityChanged, endless);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
  });
});
