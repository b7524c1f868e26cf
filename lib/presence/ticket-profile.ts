import "server-only";
import { getPresenceProfile, type PresenceProfile } from "@/lib/data/users";

interface SignedInUser {
  id: string;
  name?: string | null;
  image?: string | null;
  email?: string | null;
}

/**
 * The signed-in person as their presence ticket presents them. While the database can't be
 * read their "show me as online" choice is unknown, so they are presented as hidden: still
 * counted as themself, but named nowhere and with no last-seen recorded, until their next
 * ticket. Presence keeps working and nobody who hid is shown.
 */
export async function ticketProfile(user: SignedInUser): Promise<PresenceProfile | null> {
  try {
    return await getPresenceProfile(user.id);
  } catch (error) {
    console.error("presence ticket: the database is unavailable, presenting the person as hidden", error);
    return {
      id: user.id,
      name: user.name ?? null,
      image: user.image ?? null,
      email: user.email ?? null,
      showOnline: false,
      presenceEpoch: Number.MAX_SAFE_INTEGER,
      presenceSyncPendingAt: null,
      excludeFromStats: false,
    };
  }
}
