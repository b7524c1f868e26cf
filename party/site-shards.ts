// Site presence is spread over a few shard objects, chosen from the browser session, so one
// object never holds every socket of a large audience. All tabs of a browser land in the
// same shard (their dedupe stays local); the lobby merges what the shards report.

/** The public name of site presence, which clients and the app use; the worker maps it to the caller's shard. */
export const SITE_ROOM = "global";

/** The worker setting (see env.ts); kept apart from Env so the app's tests can import this module. */
interface ShardSettings {
  SITE_SHARDS?: string;
}

export const DEFAULT_SITE_SHARDS = 4;
export const MAX_SITE_SHARDS = 64;

const SHARD_PREFIX = "shard-";
const SITE_PATH = `/parties/site/${SITE_ROOM}`;

/** SITE_SHARDS when it is a whole number from 1 to MAX_SITE_SHARDS, else the default. */
export function siteShardCount(env: ShardSettings): number {
  const configured = Number(env.SITE_SHARDS);
  return Number.isInteger(configured) && configured >= 1 && configured <= MAX_SITE_SHARDS ? configured : DEFAULT_SITE_SHARDS;
}

export function siteShardNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${SHARD_PREFIX}${index}`);
}

/** The shard of a browser session: a stable hash (FNV-1a), so every tab of it meets in one object. */
export function siteShardFor(sessionId: string, count: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${SHARD_PREFIX}${(hash >>> 0) % count}`;
}

/**
 * Points a request for the public site room at the caller's shard. The shard is picked from
 * the session id the caller claims; the signature is checked afterwards as for any socket,
 * so a forged id gains nothing but the refusal it would get anyway. Other requests pass.
 */
export function routeToSiteShard(request: Request, env: ShardSettings): Request {
  const url = new URL(request.url);
  if (url.pathname.replace(/\/$/, "") !== SITE_PATH) return request;
  const claimedSessionId = (url.searchParams.get("sid") ?? "").split(".")[0] ?? "";
  url.pathname = `/parties/site/${siteShardFor(claimedSessionId, siteShardCount(env))}`;
  return new Request(url, request);
}
