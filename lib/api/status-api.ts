import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

/** A JSON error the status API answers with. */
export function apiError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * The status API is for the blog owner's other systems: every call carries
 * `Authorization: Bearer $STATUS_API_KEY`. Returns the refusal, or null when the key is right.
 */
export function refuseWithoutApiKey(request: Request): Response | null {
  const expected = env.STATUS_API_KEY;
  const given = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1] ?? "";
  if (!expected) return apiError(401, "the status API is not enabled (set STATUS_API_KEY)");
  // Digests have one length, so the comparison takes the same time whatever was sent.
  if (!timingSafeEqual(digest(given), digest(expected))) return apiError(401, "missing or wrong API key");
  return null;
}
