import { recordInsightBuckets } from "@/lib/data/insights";
import { presenceSecret } from "@/lib/env";
import { insightBatchSchema } from "@/party/shared/insights";
import { BodyTooLargeError, readLimitedText } from "@/party/shared/limited-body";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCall } from "@/party/shared/signed-calls";

const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/presence/insights: the worker's signed batches of reading insights (aggregates per
 * post and hour, no visit and no reader in them). Refused unless signed and fresh; each bucket is
 * kept only if newer than the stored one. 503 when the database can't take it: the worker retries.
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
  const batch = insightBatchSchema.safeParse(json);
  if (!batch.success) return Response.json({ error: "not a batch of insights" }, { status: 400 });
  try {
    return Response.json({ written: await recordInsightBuckets(batch.data.buckets) });
  } catch (error) {
    console.error("insights: could not write the batch; the worker will retry it", error);
    return Response.json({ error: "database unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
