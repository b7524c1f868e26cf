import { SIGNATURE_HEADER, signCall, TIMESTAMP_HEADER } from "./protocol";
import { LAST_SEEN_RETRY_MAX_MS, LAST_SEEN_RETRY_MIN_MS } from "./timing";

/** A report that takes longer than this counts as failed (and is retried by its outbox). */
const POST_TIMEOUT_MS = 10_000;

/**
 * POSTs a JSON body signed with an HMAC over timestamp and body (the scheme every
 * signed call here uses). Resolves to whether the receiver answered 2xx in time.
 */
export async function postSigned(url: string | URL, secret: string, body: string, now: number): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [TIMESTAMP_HEADER]: String(now),
        [SIGNATURE_HEADER]: await signCall(secret, body, now),
      },
      body,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** How long an outbox waits before its next attempt after `failures` failed ones in a row. */
export function retryDelayMs(failures: number): number {
  return Math.min(LAST_SEEN_RETRY_MAX_MS, LAST_SEEN_RETRY_MIN_MS * 2 ** Math.max(0, failures - 1));
}
