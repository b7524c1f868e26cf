import type { Settings } from "../config/settings";
import { SLUG_PATTERN } from "../shared/wire-constants";
import { SITE_ROOM } from "../config/site-shards";

/**
 * The rooms a client may name: site presence, a post's room (a slug here; whether the site has
 * that post is the catalog's answer, asked later: entry/post-rooms.ts), and the owner's desk (sockets only).
 */
export type PublicRoom = { party: "site"; room: typeof SITE_ROOM } | { party: "article"; room: string } | { party: "desk"; room: typeof DESK_ROOM };

export const DESK_ROOM = "main";

const MAX_SLUG_LENGTH = 120;
const PARTY_PATH = /^\/parties\/([^/]+)\/([^/]+)\/?$/;

export function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The public room a path names, or null (a Map-free match: "__proto__" and the like are simply unknown). */
export function publicRoomOf(pathname: string): PublicRoom | null {
  const match = PARTY_PATH.exec(pathname);
  const [, party, room] = match ?? [];
  if (party === "site" && room === SITE_ROOM) return { party, room };
  if (party === "article" && room !== undefined && room.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(room)) return { party, room };
  if (party === "desk" && room === DESK_ROOM) return { party, room };
  return null;
}

/**
 * Checks a request before any Durable Object is touched: unknown parties and rooms get 404
 * (so no storage is ever created for them), other methods 405, sockets from a foreign Origin
 * 403. Returns the room when the request may go on (to the ticket check, for sockets).
 */
export function checkRequest(request: Request, settings: Settings): PublicRoom | Response {
  const room = publicRoomOf(new URL(request.url).pathname);
  if (!room) return refuse(404, "Unknown room");
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    if (room.party === "desk") return refuse(404, "Unknown room");
    return request.method === "GET" ? room : refuse(405, "Method Not Allowed");
  }
  const origin = request.headers.get("Origin");
  if (origin !== null && !settings.allowedOrigins.includes(origin)) return refuse(403, "Origin not allowed");
  return room;
}
