import "server-only";
import { getPresenceProfile, markPresenceSynced, type PresenceProfile } from "@/lib/data/users";
import { notifyPresenceOfIdentityChange } from "./notify";

/**
 * Makes sure the presence worker has heard of the person's latest privacy change, telling it
 * again if not. Called by the privacy action, its retry, and every ticket the person's devices
 * fetch, so a change made while the worker was unreachable reaches it as soon as it can.
 * Resolves to whether the worker has it now.
 */
export async function syncPrivacy(profile: Pick<PresenceProfile, "id" | "presenceEpoch" | "presenceSyncPendingAt">): Promise<boolean> {
  if (!profile.presenceSyncPendingAt) return true;
  const heard = await notifyPresenceOfIdentityChange({ userId: profile.id, epoch: profile.presenceEpoch, sessionId: null });
  if (heard) await markPresenceSynced(profile.id, profile.presenceEpoch);
  return heard;
}

export async function syncPrivacyOf(userId: string): Promise<boolean> {
  const profile = await getPresenceProfile(userId);
  return profile ? syncPrivacy(profile) : true;
}
