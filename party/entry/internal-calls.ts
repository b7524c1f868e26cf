import { getServerByName } from "partyserver";
import type { Settings } from "../config/settings";
import { siteShardNames } from "../config/site-shards";
import { lobbyOf } from "../lobby/address";
import { BodyTooLargeError, readLimitedText } from "../shared/limited-body";
import { authorStatusCallSchema, identityChangedSchema, INTERNAL_PATHS, SIGNATURE_HEADER, signedGetPayload, TIMESTAMP_HEADER, verifyCall } from "../shared/signed-calls";

const MAX_BODY_BYTES = 4096;
const GET_PATHS: string[] = [INTERNAL_PATHS.people, INTERNAL_PATHS.totals, INTERNAL_PATHS.statusStream, INTERNAL_PATHS.desk];
const POST_PATHS: string[] = [INTERNAL_PATHS.identityChanged, INTERNAL_PATHS.authorStatus];

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status });
}

async function refusal(request: Request, settings: Settings, payload: string): Promise<Response | null> {
  const verdict = await verifyCall(settings.secret, payload, request.headers.get(TIMESTAMP_HEADER), request.headers.get(SIGNATURE_HEADER), Date.now());
  return verdict.ok ? null : reply(401, { error: verdict.reason });
}

/**
 * Calls from the app to the worker, signed with the shared secret over timestamp and body
 * (for GETs: over method and path).
 * - POST /internal/identity-changed {userId, epoch, sessionId}: withdraws the person's older
 *   tokens; their sockets stop showing their name at once and fetch new tickets.
 * - GET /internal/people: visible people online now, with active/idle (status API).
 * - GET /internal/totals: readers online, active, and per-post counts (status API).
 * - GET /internal/status-stream: Server-Sent Events of status changes (status API).
 * - GET /internal/desk: the owner's desk as the lobby sees it now (its first paint).
 * - POST /internal/author-status {status}: the author's status, or null to clear it.
 */
export async function handleInternalCall(request: Request, env: Env, settings: Settings): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === "GET" && GET_PATHS.includes(path)) {
    const refused = await refusal(request, settings, signedGetPayload(path));
    if (refused) return refused;
    const lobby = await lobbyOf(env);
    if (path === INTERNAL_PATHS.people) return Response.json(await lobby.livePeople());
    if (path === INTERNAL_PATHS.totals) return Response.json(await lobby.totals());
    if (path === INTERNAL_PATHS.desk) return Response.json(await lobby.deskSnapshot());
    return lobby.fetch(new Request(new URL(INTERNAL_PATHS.statusStream, request.url)));
  }
  if (!POST_PATHS.includes(path)) return reply(404, { error: "unknown call" });
  if (request.method !== "POST") return reply(405, { error: "POST only" });
  let body: string;
  try {
    body = await readLimitedText(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return reply(413, { error: "body too large" });
    throw error;
  }
  const refused = await refusal(request, settings, body);
  if (refused) return refused;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return reply(400, { error: "body is not JSON" });
  }
  if (path === INTERNAL_PATHS.authorStatus) {
    const status = authorStatusCallSchema.safeParse(json);
    if (!status.success) return reply(400, { error: "expected {status: {kind, text, emoji, until} | null}" });
    await (await lobbyOf(env)).setAuthorStatus(status.data.status);
    return reply(200, { ok: true });
  }
  const parsed = identityChangedSchema.safeParse(json);
  if (!parsed.success) return reply(400, { error: "expected {userId, epoch, sessionId}" });
  const { userId, epoch, sessionId } = parsed.data;
  const withdrawal = { epoch, sessionId };
  const rooms = await (await lobbyOf(env)).withdraw({ userId, ...withdrawal });
  // The person's devices may be in any shard, and any room the lobby knows of.
  const told = await Promise.all([
    ...siteShardNames(settings.siteShards).map(async (shard) => (await getServerByName(env.Site, shard)).identityChanged(userId, withdrawal)),
    ...rooms.map(async (room) => {
      await (await getServerByName(env.Article, room)).withdrawIdentity(userId, withdrawal);
      return 0;
    }),
  ]);
  return reply(200, { told: told.reduce((sum, count) => sum + count, 0) });
}
