import type { Settings } from "../config/settings";
import { isKnownBot } from "../shared/bots";
import type { ScriptTicket } from "../shared/script-ticket";
import { newSessionId, signSessionId } from "../shared/tickets";
import { refuse } from "../entry/refusals";

/**
 * GET /ticket: an anonymous presence ticket for a page of a site with no server of its own (the
 * script tag). Only for the origins the worker allows: the answer's CORS names that origin and no
 * other, and any other origin, or a request with none, is refused. The session id is signed as
 * the app signs its own (so the entry checks both alike); the page keeps it in its own
 * localStorage, shared by the browser's tabs, for a day at most. Nothing here is stored.
 */
export async function issueScriptTicket(request: Request, settings: Settings, countAutomated: boolean): Promise<Response> {
  if (request.method !== "GET") return withAllow(refuse(405, "Method Not Allowed"));
  const origin = request.headers.get("Origin");
  if (origin === null || !settings.allowedOrigins.includes(origin)) return refuse(403, "Origin not allowed");
  const ticket: ScriptTicket = {
    sid: await signSessionId(settings.secret, newSessionId()),
    issuedAt: Date.now(),
    // Bots, crawlers, headless browsers: the socket's own check reads the same User-Agent; the
    // ticket says so too, so a page that asked as one keeps watching whatever it connects with.
    watch: isKnownBot(request.headers.get("User-Agent")),
    ...(countAutomated ? { countAutomated: true } : {}),
  };
  return Response.json(ticket, {
    headers: { "Access-Control-Allow-Origin": origin, Vary: "Origin", "Cache-Control": "no-store" },
  });
}

function withAllow(response: Response): Response {
  response.headers.set("Allow", "GET");
  return response;
}
