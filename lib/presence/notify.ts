import "server-only";
import { env, presenceSecret } from "@/lib/env";
import { SIGNATURE_HEADER, signCall, TIMESTAMP_HEADER } from "@/party/protocol";

/**
 * Tells the presence worker that a person's identity changed (their "show me as online"
 * choice): every tab and device of theirs fetches a new ticket and reconnects, so the
 * change shows everywhere within moments. A signed call; failures are reported, not thrown,
 * because the setting is saved either way and takes effect at the next reconnect.
 */
export async function notifyPresenceOfPrivacyChange(userId: string): Promise<boolean> {
  const body = JSON.stringify({ userId });
  const now = Date.now();
  try {
    const response = await fetch(new URL("/internal/identity-changed", env.PRESENCE_URL), {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [TIMESTAMP_HEADER]: String(now),
        [SIGNATURE_HEADER]: await signCall(presenceSecret(), body, now),
      },
      body,
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
