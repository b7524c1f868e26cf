import { signCall, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/party/shared/signed-calls";
import { E2E_APP_URL, E2E_PRESENCE_SECRET } from "./ports";

/** A last-seen report's body, as the worker sends it. */
export function lastSeenBody(entries: { userId: string; seenAt: number }[]): string {
  return JSON.stringify({ batchId: `test-${crypto.randomUUID()}`, entries });
}

/** The headers of a call signed at `signedAt` (the worker's scheme: HMAC over timestamp and body). */
export async function signedHeaders(body: string, signedAt = Date.now(), secret = E2E_PRESENCE_SECRET): Promise<Record<string, string>> {
  return { "content-type": "application/json", [TIMESTAMP_HEADER]: String(signedAt), [SIGNATURE_HEADER]: await signCall(secret, body, signedAt) };
}

/** POSTs a report to the app's last-seen sink with exactly these headers. */
export function postLastSeen(body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${E2E_APP_URL}/api/presence/last-seen`, { method: "POST", body, headers });
}
