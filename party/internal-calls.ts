import { getServerByName } from "partyserver";
import { z } from "zod";
import { type Env, LOBBY_ROOM } from "./env";
import { siteShardCount, siteShardNames } from "./site-shards";
import { INTERNAL_PATHS, SIGNATURE_HEADER, signedGetPayload, TIMESTAMP_HEADER, verifyCall } from "./protocol";

const MAX_BODY_BYTES = 4096;
const { identityChanged: IDENTITY_CHANGED_PATH, people: PEOPLE_PATH, totals: TOTALS_PATH, statusStream: STATUS_STREAM_PATH } =
  INTERNAL_PATHS;
const identityChangedSchema = z.object({ userId: z.string().min(1).max(200) });

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status });
}

async function verified(request: Request, env: Env, payload: string): Promise<Response | null> {
  if (!env.PRESENCE_SECRET) return reply(500, { error: "PRESENCE_SECRET is not configured" });
  const verdict = await verifyCall(
    env.PRESENCE_SECRET,
    payload,
    request.headers.get(TIMESTAMP_HEADER),
    request.headers.get(SIGNATURE_HEADER),
    Date.now(),
  );
  return verdict.ok ? null : reply(401, { error: verdict.reason });
}

/**
 * Calls from the app to the worker, signed with the shared secret over timestamp and
 * body (for GETs: over method and path).
 * - POST /internal/identity-changed {userId}: that person's tabs fetch a new ticket
 *   (their "show me as online" choice changed).
 * - GET /internal/people: visible people online now, with active/idle (status API).
 * - GET /internal/totals: readers online, active, and per-post counts (status API).
 * - GET /internal/status-stream: Server-Sent Events of status changes (status API).
 */
export async function handleInternalCall(request: Request, env: Env): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === "GET" && ([PEOPLE_PATH, TOTALS_PATH, STATUS_STREAM_PATH] as string[]).includes(path)) {
    const refusal = await verified(request, env, signedGetPayload(path));
    if (refusal) return refusal;
    const lobby = await getServerByName(env.Lobby, LOBBY_ROOM);
    if (path === PEOPLE_PATH) return Response.json(await lobby.livePeople());
    if (path === TOTALS_PATH) return Response.json(await lobby.totals());
    return lobby.fetch(new Request(new URL(STATUS_STREAM_PATH, request.url)));
  }
  if (path !== IDENTITY_CHANGED_PATH) return reply(404, { error: "unknown call" });
  if (request.method !== "POST") return reply(405, { error: "POST only" });
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return reply(413, { error: "body too large" });
  const refusal = await verified(request, env, body);
  if (refusal) return refusal;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return reply(400, { error: "body is not JSON" });
  }
  const parsed = identityChangedSchema.safeParse(json);
  if (!parsed.success) return reply(400, { error: "expected {userId}" });
  // The person's devices may be in any shard.
  const userId = parsed.data.userId;
  const told = await Promise.all(
    siteShardNames(siteShardCount(env)).map(async (shard) => (await getServerByName(env.Site, shard)).refreshIdentity(userId)),
  );
  return reply(200, { told: told.reduce((sum, count) => sum + count, 0) });
}
