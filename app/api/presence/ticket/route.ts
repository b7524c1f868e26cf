import { auth } from "@/auth";
import { getPresenceProfile } from "@/lib/data/users";
import { presenceSecret } from "@/lib/env";
import type { TicketUser } from "@/lib/presence/ticket";
import { createPresenceTicketRoute } from "@/lib/presence/ticket-route";

async function signedInReader(): Promise<TicketUser | null> {
  const userId = (await auth())?.user?.id;
  const profile = userId ? await getPresenceProfile(userId) : null;
  return profile ? { id: profile.id, name: profile.name ?? "Reader", image: profile.image, showOnline: profile.showOnline } : null;
}

/** GET /api/presence/ticket: sockets fetch one at every (re)connect (see createPresenceTicketRoute). */
export const GET = createPresenceTicketRoute({ secret: presenceSecret, currentUser: signedInReader });
