import { recordLastSeen } from "@/lib/data/users";
import { presenceSecret } from "@/lib/env";
import { BodyTooLargeError, readLimitedText } from "@/party/shared/limited-body";
import { lastSeenBatchSchema, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCall } from "@/party/shared/signed-calls";

const MAX_BODY_BYTES = 64 * 1024;

/**
 * POST /api/presence/last-seen: the presence worker's signed, batched last-seen reports. The
 * body is read with a limit while it streams; refused unless the HMAC over timestamp and body
 * checks out and the call is under a minute old. Applying a batch only ever moves lastSeenAt
 * forward, so a retried, duplicated or reordered batch changes nothing it shouldn't. When the
 * database can't take the batch the answer is 503, so the worker keeps it and tries again.
 */
export async function POST(request: Request): Promise<Response> {
  let body: string;
  try {
    body = await readLimitedText(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return Response.json({ error: "body too large" }, { status: 413 });
    return Response.json({ error: "could not read the body" }, { status: 400 });
  }
  const verdict = await verifyCall(presenceSecret(), body, request.headers.get(TIMESTAMP_HEADER), request.headers.get(SIGNATURE_HEADER), Date.now());
  if (!verdict.ok) return Response.json({ error: verdict.reason }, { status: 401 });
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return Response.json({ error: "body is not JSON" }, { status: 400 });
  }
  const batch = lastSeenBatchSchema.safeParse(json);
  if (!batch.success) return Response.json({ error: "not a last-seen batch" }, { status: 400 });
  try {
    const updated = await recordLastSeen(batch.data.entries.map(({ userId, seenAt }) => ({ userId, seenAt: new Date(seenAt) })));
    return Response.json({ updated });
  } catch (error) {
    console.error("last-seen: could not write the batch; the worker will retry it", error);
    return Response.json({ error: "database unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
