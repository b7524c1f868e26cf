// What the site socket's frames make of the site, without React: the store the app's hooks use
// (site-presence-store.ts), the early painter and the script tag (packages/script-tag) all run it.
import type { StateCreator } from "zustand";
import type { AuthorStatus, OnlinePerson, Peak, ReadingCounts, SiteServerMessage } from "../party/shared/protocol";

/** connecting: no live data yet; live: the socket is feeding us; unavailable: the worker can't be reached. */
export type SitePresenceStatus = "connecting" | "live" | "unavailable";

export interface SitePresenceState {
  status: SitePresenceStatus;
  online: number | null;
  /** Readers with an active tab. */
  active: number | null;
  reading: ReadingCounts | null;
  /** Visible people online by id; null when this viewer may not see the list. */
  people: Record<string, OnlinePerson> | null;
  /** The author's status, set on the owner's desk; undefined until the socket says. */
  author: AuthorStatus | null | undefined;
  /** The most readers at once, ever. */
  record: Peak | null | undefined;
  /**
   * When others' lists will show you (this tab's clock), after you signed in or showed yourself
   * mid-visit; null when they do already (or you are not shown at all). You are counted either way.
   */
  listedAt: number | null;
  receive: (message: SiteServerMessage) => void;
  markUnavailable: () => void;
}

/** What the site socket's frames make of the site (also run on its own by components/presence/early-figures.ts). */
export const sitePresenceState: StateCreator<SitePresenceState> = (set, get) => ({
  status: "connecting",
  online: null,
  active: null,
  reading: null,
  people: null,
  author: undefined,
  record: undefined,
  listedAt: null,
  receive: (message) => {
    switch (message.type) {
      case "site-snapshot":
        return set({
          status: "live",
          online: message.online,
          active: message.active,
          reading: message.reading,
          people: message.people ? Object.fromEntries(message.people.map((p) => [p.id, p])) : null,
          author: message.author,
          record: message.record,
          // A socket's hold, if any, follows its snapshot.
          listedAt: null,
        });
      case "author":
        return set({ author: message.author });
      case "record":
        return set({ record: message.record });
      case "online":
        return set({ online: message.online, active: message.active });
      case "reading":
        return set({ reading: message.reading });
      case "people-diff": {
        const current = get().people;
        if (!current) return;
        const people = { ...current };
        for (const person of message.upserts) people[person.id] = person;
        for (const id of message.removed) delete people[id];
        return set({ people });
      }
      case "listing-hold":
        return set({ listedAt: message.listedInMs > 0 ? Date.now() + message.listedInMs : null });
      case "identity-stale":
        return;
    }
  },
  markUnavailable: () => set({ status: "unavailable" }),
});
