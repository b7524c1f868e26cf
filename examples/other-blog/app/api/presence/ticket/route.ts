import { createPresenceTicketRoute } from "@live-readers/embed/server";
import { countAutomatedBrowsers, presenceSecret } from "../../../../presence-config";

// This blog has no sign-in: every reader is anonymous. With Auth.js, pass `currentUser` too.
export const GET = createPresenceTicketRoute({ secret: presenceSecret, countAutomatedBrowsers });
