import { create } from "zustand";
import { sitePresenceState, type SitePresenceState } from "./site-presence-state";

export { sitePresenceState, type SitePresenceState, type SitePresenceStatus } from "./site-presence-state";

export const useSitePresenceStore = create<SitePresenceState>()(sitePresenceState);
