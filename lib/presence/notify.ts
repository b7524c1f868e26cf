import "server-only";
import { type IdentityChanged, INTERNAL_PATHS } from "@/party/shared/signed-calls";
import { postToWorker } from "./worker-calls";

const ATTEMPTS = 3;
const PAUSE_MS = 300;

/**
 * Tells the presence worker that who a person is changed: they hid or showed themself (a new
 * epoch), or signed out of one browser (its session). The worker withdraws their older tokens,
 * stops showing their name at once, and their tabs fetch new tickets. Tried a few times;
 * resolves to whether the worker confirmed. Never throws: the caller says what happened.
 */
export async function notifyPresenceOfIdentityChange(change: IdentityChanged): Promise<boolean> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      if ((await postToWorker(INTERNAL_PATHS.identityChanged, JSON.stringify(change))).ok) return true;
    } catch {
      // Unreachable: try again.
    }
    if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS * attempt));
  }
  return false;
}
