import { presenceSecret } from "@/lib/env";
import { BodyTooLargeError, readLimitedText } from "@/party/shared/limited-body";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCall } from "@/party/shared/signed-calls";

interface BatchSchema<Batch> {
  safeParse: (input: unknown) => { success: true; data: Batch } | { success: false };
}

interface SignedBatchRoute<Batch> {
  /** Bodies past this are refused while they stream, before any signature check. */
  maxBodyBytes: number;
  schema: BatchSchema<Batch>;
  /** What the batch is, for errors and the log ("last-seen batch"). */
  name: string;
  /** Writes the batch (idempotently: the worker may send it again); its answer is the response's body. */
  apply: (batch: Batch) => Promise<Record<string, number>>;
}

/**
 * A route for the worker's signed batches (last seen, reading insights): the body read with a
 * limit, refused unless the HMAC over timestamp and body checks out and the call is under a minute
 * old, then parsed and applied. When the database can't take it the answer is 503, so the worker
 * keeps the batch and tries again.
 */
export function signedBatchRoute<Batch>({ maxBodyBytes, schema, name, apply }: SignedBatchRoute<Batch>): (request: Request) => Promise<Response> {
  return async (request) => {
    let body: string;
    try {
      body = await readLimitedText(request, maxBodyBytes);
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
    const batch = schema.safeParse(json);
    if (!batch.success) return Response.json({ error: `not a ${name}` }, { status: 400 });
    try {
      return Response.json(await apply(batch.data));
    } catch (error) {
      console.error(`${name}: could not write it; the worker will retry`, error);
      return Response.json({ error: "database unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
    }
  };
}
