import "server-only";
import { INTERNAL_PATHS } from "@/party/protocol";
import { postToWorker } from "./worker-calls";

/**
 * Tells the presence worker that a person's identity changed (their "show me as online"
 * choice): every tab and device of theirs fetches a new ticket and reconnects, so the
 * change shows everywhere within moments. Failures are reported, not thrown, because
 * the setting is saved either way and takes effect at the next reconnect.
 */
export async function notifyPresenceOfPrivacyChange(userId: string): Promise<boolean> {
  try {
    return (await postToWorker(INTERNAL_PATHS.identityChanged, JSON.stringify({ userId }))).ok;
  } catch {
    return false;
  }
}
