import type { Env } from "./env";
import { SITE_ROOM } from "./site-shards";
import { POST_SLUGS } from "./post-slugs.generated";

const PARTY_PATH = /^\/parties\/([^/]+)\/([^/]+)\/?$/;
const PUBLIC_ROOMS: Record<string, (room: string) => boolean> = {
  site: (room) => room === SITE_ROOM,
  article: (room) => POST_SLUGS.includes(room),
};

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function allowedOrigins(env: Env): string[] {
  return env.ALLOWED_ORIGINS.split(",").map((origin) => origin.trim()).filter(Boolean);
}

/**
 * Checks a request before any Durable Object is touched: unknown parties and
 * rooms get 404 (so no storage is ever created for them), sockets from a
 * foreign Origin get 403. Returns null when the request may go on (to the
 * ticket check, for sockets).
 */
export function refuseBadRequest(request: Request, env: Env): Response | null {
  const url = new URL(request.url);
  const match = PARTY_PATH.exec(url.pathname);
  const isKnownRoom = match ? PUBLIC_ROOMS[match[1] ?? ""]?.(match[2] ?? "") === true : false;
  if (!isKnownRoom) return refuse(404, "Unknown room");

  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return request.method === "GET" ? null : refuse(405, "Method Not Allowed");
  }
  const origin = request.headers.get("Origin");
  if (origin !== null && !allowedOrigins(env).includes(origin)) return refuse(403, "Origin not allowed");
  return null;
}
