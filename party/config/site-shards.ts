// Site presence is spread over a few shard objects, chosen from the browser session, so one
// object never holds every socket of a large audience. All tabs of a browser land in the
// same shard (their dedupe stays local); the lobby merges what the shards report.

/** The public name of site presence, which clients and the app use; the entry maps it to the caller's shard. */
export const SITE_ROOM = "global";

const SHARD_PREFIX = "shard-";

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

export const isSiteShardName = (name: string, count: number) => siteShardNames(count).includes(name);
