// Site presence is spread over a few shard objects, chosen from the browser session, so one
// object never holds every socket of a large audience. All tabs of a browser land in the
// same shard (their dedupe stays local); the lobby merges what the shards report.
import { SESSION_BUCKETS, sessionIdParts } from "../shared/tickets";

/** The public name of site presence, which clients and the app use; the entry maps it to the caller's shard. */
export const SITE_ROOM = "global";

const SHARD_PREFIX = "shard-";

export function siteShardNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${SHARD_PREFIX}${index}`);
}

/**
 * The shard of a browser session: its id's routing bucket, which the id's successors (after a
 * sign-in, a sign-out, a renewal) inherit, so every tab of the browser meets in one object even
 * while old and new ids overlap. No session (a first-paint read without one): the first shard.
 */
export function siteShardFor(sessionId: string | null, count: number): string {
  const bucket = sessionId === null ? 0 : (sessionIdParts(sessionId)?.bucket ?? 0);
  // SESSION_BUCKETS is a multiple of every power of two up to 64: those counts spread evenly, others nearly.
  return `${SHARD_PREFIX}${bucket % Math.min(count, SESSION_BUCKETS)}`;
}

export const isSiteShardName = (name: string, count: number) => siteShardNames(count).includes(name);
