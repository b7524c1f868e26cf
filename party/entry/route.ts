import { routePartykitRequest } from "partyserver";
import { SettingsError, settingsOf } from "../config/settings";
import { relayName } from "../config/room-seats";
import { siteShardFor } from "../config/site-shards";
import { CONNECTION_ID_PARAM, newConnectionId, withIdentity, withSite } from "../core/identity";
import { handleScriptTagRequest } from "../script-tag/routes";
import { SOCKET_QUERY, seatOf } from "../shared/protocol";
import { handleInternalCall } from "./internal-calls";
import { postRoomOf, siteOfRequest } from "./post-rooms";
import { checkRequest, refuse } from "./refusals";
import { authenticateSocket, identifyViewer } from "./tickets";

/**
 * The worker's front door. Every request is checked here before any Durable Object sees it:
 * settings, room, method, Origin, ticket. A socket gets an id of the worker's own (whatever
 * PartySocket put in `_pk`) and the identity the entry verified; site presence is mapped to
 * the shard of the verified session's bucket, a crowded post's socket to its seat. Nothing that goes
 * wrong answers with internals.
 */
export async function handleRequest(request: Request, env: Env): Promise<Response> {
  try {
    return await route(request, env);
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      return refuse(500, "The presence worker is misconfigured; its log names the setting.");
    }
    console.error("presence worker: unexpected error", error);
    return refuse(500, "Internal error");
  }
}

async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === "/health") return health(env);
  const settings = settingsOf(env);
  if (url.pathname.startsWith("/internal/")) return handleInternalCall(request, env, settings);
  // Any site's one script tag: the script and its anonymous tickets (party/script-tag).
  const scriptTag = handleScriptTagRequest(request, url, env, settings);
  if (scriptTag) return scriptTag;
  const room = checkRequest(request, settings);
  if (room instanceof Response) return room;

  const isSocket = request.headers.get("Upgrade")?.toLowerCase() === "websocket";
  const identity = isSocket ? await authenticateSocket(request, url, env, settings) : await identifyViewer(url, settings);
  if (identity instanceof Response) return identity;
  // The desk's socket is the lobby's, for the blog's owners alone.
  if (room.party === "desk") {
    if (identity?.user?.owner !== true) return refuse(403, "The desk is for the blog's owners");
    url.pathname = "/parties/lobby/main";
  }
  const site = siteOfRequest(request, settings);
  if (room.party === "site") url.pathname = `/parties/site/${siteShardFor(identity?.sessionId ?? null, settings.siteShards)}`;
  if (room.party === "article") {
    // Rooms belong to a site, and exist once the site lists the post: else no object is ever named.
    const name = await postRoomOf(env, site, room.room);
    if (name === null) return refuse(404, "Unknown room");
    // A crowded post's room gave this tab a seat in one of its relays.
    const seat = isSocket ? seatOf(url.searchParams.get(SOCKET_QUERY.seat)) : null;
    url.pathname = seat !== null ? `/parties/article-relay/${relayName(name, seat)}` : `/parties/article/${name}`;
  }
  if (isSocket) url.searchParams.set(CONNECTION_ID_PARAM, newConnectionId());
  const forwarded = withSite(withIdentity(new Request(url, request), identity), site.id);
  return (await routePartykitRequest(forwarded, env)) ?? refuse(404, "Unknown room");
}

/** GET /health: "ok", or which settings are wrong (for the owner after a deploy; no secrets in it). */
function health(env: Env): Response {
  try {
    settingsOf(env);
    return new Response("ok");
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return refuse(500, error.message);
  }
}
