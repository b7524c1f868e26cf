import { apiError, refuseWithoutApiKey } from "@/lib/api/status-api";
import { getFromWorker } from "@/lib/presence/worker-calls";
import { INTERNAL_PATHS } from "@/party/shared/signed-calls";

/**
 * GET /api/v1/status/stream: Server-Sent Events, one `status` event per change
 * ({"userId","status":"online"|"idle"|"offline","at"}), in order, for signed-in people
 * who show themselves online. Relayed from the presence worker as it happens.
 */
export async function GET(request: Request): Promise<Response> {
  const refusal = refuseWithoutApiKey(request);
  if (refusal) return refusal;
  let upstream: Response;
  try {
    upstream = await getFromWorker(INTERNAL_PATHS.statusStream, request.signal);
  } catch {
    return apiError(503, "the presence worker can't be reached");
  }
  if (!upstream.ok || !upstream.body) return apiError(503, "the presence worker refused the stream");
  return new Response(upstream.body, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}
