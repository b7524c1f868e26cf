// The script tag's routes on the worker's real entry: the anonymous tickets a static site's pages
// connect with (allowed origins only, signed as the app signs, bots marked), and the script itself.
import { describe, expect, it } from "vitest";
import { SCRIPT_TAG_PATHS, type ScriptTicket } from "../../party/shared/script-ticket";
import { sessionIdParts, verifySignedSessionId } from "../../party/shared/tickets";
import { SITE, summary, tracked } from "./support/observe";
import { eventually, get, openSocket } from "./support/sockets";
import { TEST_ORIGIN, TEST_SECRET } from "./support/vars";

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

const askTicket = (headers: Record<string, string>, init: RequestInit = {}) => get(SCRIPT_TAG_PATHS.ticket, { ...init, headers });

describe("GET /ticket", () => {
  it("gives a page of an allowed origin a signed session id, for that origin alone, that opens a counted socket", async () => {
    const before = Date.now();
    const response = await askTicket({ Origin: TEST_ORIGIN, "User-Agent": CHROME });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(TEST_ORIGIN);
    expect(response.headers.get("Vary")).toContain("Origin");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const ticket: ScriptTicket = await response.json();
    // A session id as the app issues them: issued now, so it lives a day from now at most.
    const sessionId = await verifySignedSessionId(TEST_SECRET, ticket.sid);
    expect(sessionIdParts(sessionId ?? "")?.issuedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(ticket.issuedAt).toBeGreaterThanOrEqual(before);
    expect(ticket.watch).toBe(false);
    expect(ticket).not.toHaveProperty("countAutomated");

    tracked(await openSocket(SITE, { sid: ticket.sid, userAgent: CHROME }));
    await eventually(async () => expect((await summary()).online).toBe(1));
    // Every ticket is a new anonymous session: the worker keeps nothing of it.
    const other: ScriptTicket = await (await askTicket({ Origin: TEST_ORIGIN })).json();
    expect(other.sid).not.toBe(ticket.sid);
  });

  it("refuses another origin, or none, with 403 and no CORS", async () => {
    const asks: Record<string, string>[] = [{ Origin: "https://evil.example" }, { Origin: `${TEST_ORIGIN}.evil.example` }, {}];
    for (const headers of asks) {
      const response = await askTicket(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
      expect(await response.text()).toBe("Origin not allowed");
    }
  });

  it("answers anything but GET with 405", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      const response = await askTicket({ Origin: TEST_ORIGIN }, { method, ...(method === "POST" ? { body: "{}" } : {}) });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("Allow")).toBe("GET");
    }
  });

  it("marks a bot's ticket as watching, and its socket counts nowhere", async () => {
    const ticket: ScriptTicket = await (await askTicket({ Origin: TEST_ORIGIN, "User-Agent": GOOGLEBOT })).json();
    expect(ticket.watch).toBe(true);
    const socket = tracked(await openSocket(SITE, { sid: ticket.sid, userAgent: GOOGLEBOT, query: { watch: "1" } }));
    const snapshot = await socket.next((frame) => frame.type === "site-snapshot");
    expect(snapshot.online).toBe(0);
    expect((await summary()).online).toBe(0);
  });
});

describe("GET /embed.js", () => {
  it("serves the script as JavaScript, revalidated by its version, and cached for good when asked by that version", async () => {
    const response = await get(SCRIPT_TAG_PATHS.script);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toContain("max-age=3600");
    const script = await response.text();
    expect(script).toContain("data-live-readers");
    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^"[0-9a-f]{12}"$/);

    expect((await get(SCRIPT_TAG_PATHS.script, { headers: { "If-None-Match": etag } })).status).toBe(304);
    const pinned = await get(`${SCRIPT_TAG_PATHS.script}?v=${etag.slice(1, -1)}`);
    expect(pinned.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await pinned.text()).toBe(script);
    expect((await get(SCRIPT_TAG_PATHS.script, { method: "POST" })).status).toBe(405);
  });
});
