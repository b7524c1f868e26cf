import { after } from "next/server";
import { auth } from "@/auth";
import { env, presenceSecret } from "@/lib/env";
import { syncPrivacy } from "@/lib/presence/privacy-sync";
import type { TicketUser } from "@/lib/presence/ticket";
import { ticketProfile } from "@/lib/presence/ticket-profile";
import { createPresenceTicketRoute } from "@/lib/presence/ticket-route";

async function signedInReader(): Promise<TicketUser | null> {
  const user = (await auth())?.user;
  const owner = user?.owner === true;
  const profile = user?.id ? await ticketProfile({ ...user, id: user.id }) : null;
  if (!profile) return null;
  // A privacy change the worker hasn't heard of yet is told again, by whichever device asks first.
  if (profile.presenceSyncPendingAt) after(() => syncPrivacy(profile));
  return {
    id: profile.id,
    name: profile.name ?? "Reader",
    image: profile.image,
    showOnline: profile.showOnline,
    epoch: profile.presenceEpoch,
    owner,
    uncounted: owner && profile.excludeFromStats,
  };
}

/** GET /api/presence/ticket: sockets fetch one at every (re)connect (see createPresenceTicketRoute). */
export const GET = createPresenceTicketRoute({
  secret: presenceSecret,
  currentUser: signedInReader,
  countAutomatedBrowsers: () => env.COUNT_AUTOMATED_BROWSERS === "true",
});
