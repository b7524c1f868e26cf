import { getServerByName } from "partyserver";
import { z } from "zod";
import { type Env, SITE_ROOM } from "./env";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCall } from "./protocol";

const MAX_BODY_BYTES = 4096;
const identityChangedSchema = z.object({ userId: z.string().min(1).max(200) });

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status });
}

/**
 * Calls from the app to the worker, signed with the shared secret over timestamp and
 * body. POST /internal/identity-changed {userId}: that person's tabs fetch a new ticket
 * (their "show me as online" choice changed).
 */
export async function handleInternalCall(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname !== "/internal/identity-changed") return reply(404, { error: "unknown call" });
  if (request.method !== "POST") return reply(405, { error: "POST only" });
  if (!env.PRESENCE_SECRET) return reply(500, { error: "PRESENCE_SECRET is not configured" });
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return reply(413, { error: "body too large" });
  const verdict = await verifyCall(
    env.PRESENCE_SECRET,
    body,
    request.headers.get(TIMESTAMP_HEADER),
    request.headers.get(SIGNATURE_HEADER),
    Date.now(),
  );
  if (!verdict.ok) return reply(401, { error: verdict.reason });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return reply(400, { error: "body is not JSON" });
  }
  const parsed = identityChangedSchema.safeParse(json);
  if (!parsed.success) return reply(400, { error: "expected {userId}" });
  const site = await getServerByName(env.Site, SITE_ROOM);
  const told = await site.refreshIdentity(parsed.data.userId);
  return reply(200, { told });
}
