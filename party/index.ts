import { routePartykitRequest } from "partyserver";
import { authenticateSocket, identifyViewer } from "./authenticate";
import type { Env } from "./env";
import { handleInternalCall } from "./internal-calls";
import { refuseBadRequest } from "./routing";
import { routeToSiteShard } from "./site-shards";

export { Article } from "./article";
export { Lobby } from "./lobby";
export { Site } from "./site";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return new Response("ok");
    if (url.pathname.startsWith("/internal/")) return handleInternalCall(request, env);
    const refusal = refuseBadRequest(request, env);
    if (refusal) return refusal;
    const routed = await routePartykitRequest(routeToSiteShard(request, env), env, {
      onBeforeConnect: (req) => authenticateSocket(req, env),
      onBeforeRequest: (req) => identifyViewer(req, env),
    });
    return routed ?? new Response("Unknown room", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
