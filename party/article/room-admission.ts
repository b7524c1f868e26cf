// What a post's room and its relays do alike when a reader's socket arrives or leaves: the
// socket's state (kept in its attachment), its reader's dedupe key and wanted look, and its
// place among the posts its browser has open (leased from the browser session's site shard).
import { getServerByName } from "partyserver";
import type { Settings } from "../config/settings";
import { siteShardFor } from "../config/site-shards";
import type { VerifiedIdentity } from "../core/identity";
import type { Admission, PresenceState } from "../core/presence-server";
import { CLOSE_CODES, progressSchema, SOCKET_QUERY } from "../shared/protocol";
import { type Appearance, appearanceOf } from "./looks";
import type { Viewer } from "./room-frames";
import type { ReaderId, RoomPlace } from "./room-readers";

/** What an article socket is, beyond what every presence socket is. */
export interface RoomState extends PresenceState {
  progress: number;
  movedAt: number;
  /** How this socket's identity wants to appear (a visible person by name, else anonymous). */
  wanted: Appearance;
  /** Where the room placed its reader (look, showing time, visit so far); null until it has: a relay's socket waits for the room. */
  placed: RoomPlace | null;
  /**
   * What this socket's tab added to its reader's visit: active time up to `activeMsAt` (and, while
   * active, every moment since), and how far it got (for the reading insights).
   */
  activeMs: number;
  activeMsAt: number;
  maxProgress: number;
  /** When its tab opened the post, as the tab says (bounded): a room that restarted resumes the visit from then. */
  visitStartedAt: number;
}

/** A reconnecting tab's visit is resumed from at most this long ago (what it says is bounded, never believed whole). */
export const MAX_RESUMED_VISIT_MS = 6 * 60 * 60 * 1000;

export const keyOf = ({ sessionId, user }: VerifiedIdentity) => (user ? `user:${user.id}` : `sid:${sessionId}`);

/** Who a socket's reader is, for the room's grouping: the key, the session, and the session it continues. */
export const readerIdOf = (identity: VerifiedIdentity): ReaderId => ({ key: keyOf(identity), session: identity.sessionId, continues: identity.continues });

/** A socket's active time until `now`: what its attachment kept, and the stretch since, while active. */
export const activeMsUntil = (state: Pick<RoomState, "active" | "activeMs" | "activeMsAt">, now: number) =>
  state.activeMs + (state.active ? Math.max(0, now - state.activeMsAt) : 0);

/** The room's member for a socket, as its attachment keeps it. */
export const memberOf = (state: RoomState) => ({
  progress: state.progress,
  movedAt: state.movedAt,
  active: state.active,
  activeMs: state.activeMs,
  activeSince: state.active ? state.activeMsAt : undefined,
  maxProgress: state.maxProgress,
  visitStartedAt: state.visitStartedAt,
});

/** What a (re)connecting tab says of its visit so far: how long ago it opened the post, how far it got; anything odd is nothing. */
function visitSaid(url: URL, now: number, progress: number): { startedAt: number; furthest: number } {
  const age = Number(url.searchParams.get(SOCKET_QUERY.visitAge) ?? "0");
  const furthest = progressSchema.safeParse(Number(url.searchParams.get(SOCKET_QUERY.furthest) ?? "0"));
  const startedAt = Number.isFinite(age) && age > 0 ? now - Math.min(age, MAX_RESUMED_VISIT_MS) : now;
  return { startedAt: Math.floor(startedAt), furthest: Math.max(progress, furthest.success ? furthest.data : 0) };
}

/** What kind of viewer a socket is: everyone may see names, unless the owner limited them to signed-in readers. */
export const viewerOf = (identity: VerifiedIdentity, settings: Settings): Viewer =>
  settings.onlineListAudience === "public" || identity.user ? "named" : "anonymous";

/**
 * A new article socket's state, or its refusal: its browser may have only so many posts open
 * at once, and only so many sockets in one post, wherever they sit (the lease).
 */
export async function admitRoomSocket(
  { env, settings, slug }: { env: Env; settings: Settings; slug: string },
  connectionId: string,
  identity: VerifiedIdentity,
  request: Request,
): Promise<Admission<RoomState>> {
  const lease = await leaseRoom(env, settings, slug, identity.sessionId, connectionId);
  if (lease === "too-many-rooms") return { refused: CLOSE_CODES.tooManyRooms, reason: "too many posts open at once from one browser" };
  if (lease === "too-many-sockets") return { refused: CLOSE_CODES.tooManyConnections, reason: "too many connections from one browser" };
  const url = new URL(request.url);
  // A reconnecting tab (e.g. after sign-in) says where it was, so its marker keeps its place.
  const initial = progressSchema.safeParse(Number(url.searchParams.get(SOCKET_QUERY.progress) ?? "0"));
  const progress = initial.success ? initial.data : 0;
  const now = Date.now();
  const visit = visitSaid(url, now, progress);
  const wanted = await appearanceOf(identity.user, settings.onlineListAudience);
  return {
    identity,
    connectedAt: now,
    active: true,
    reentry: url.searchParams.get(SOCKET_QUERY.reentry) === "1",
    progress,
    movedAt: now,
    wanted,
    placed: null,
    activeMs: 0,
    activeMsAt: now,
    maxProgress: visit.furthest,
    visitStartedAt: visit.startedAt,
  };
}

/**
 * Asks the session's site shard for a place in this room. If the shard can't be asked, the
 * reader is let in: a lost count must never lock readers out.
 */
async function leaseRoom(env: Env, settings: Settings, slug: string, sessionId: string, connectionId: string) {
  try {
    return await (await shardOf(env, settings, sessionId)).openRoom(sessionId, slug, connectionId);
  } catch (error) {
    console.error("article room: could not reach the session's shard; letting the reader in", error);
    return "granted" as const;
  }
}

export function releaseRoom({ env, settings, slug }: { env: Env; settings: Settings; slug: string }, sessionId: string, connectionId: string): void {
  void shardOf(env, settings, sessionId)
    .then((shard) => shard.closeRoom(sessionId, slug, connectionId))
    .catch((error: unknown) => console.error("article room: could not release the session's place", error));
}

const shardOf = (env: Env, settings: Settings, sessionId: string) => getServerByName(env.Site, siteShardFor(sessionId, settings.siteShards));
