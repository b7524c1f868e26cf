"use client";
import { AppLink } from "@/components/blog/app-link";
import { useShallow } from "zustand/react/shallow";
import type { OnlinePerson } from "@/party/shared/protocol";
import { useSitePresenceStore } from "@/stores/site-presence-store";
import { useListingHeld } from "./listing-hold-note";

/** Who is looking at the list, when signed in. */
export interface OnlineSelf {
  id: string;
  name: string;
  image: string | null;
}

function byName(people: Record<string, OnlinePerson>): OnlinePerson[] {
  return Object.values(people).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function Avatar({ person }: { person: Pick<OnlinePerson, "name" | "image"> }) {
  if (person.image) {
    // eslint-disable-next-line @next/next/no-img-element -- avatars come from the sign-in provider's host
    return <img className="person-avatar" src={person.image} alt="" width={32} height={32} />;
  }
  return (
    <span className="person-avatar person-avatar--initial" aria-hidden>
      {person.name.slice(0, 1).toUpperCase()}
    </span>
  );
}

/** Signed-in, visible people online now and what they are reading, live. */
export function OnlinePeopleLive({
  initialPeople,
  titles,
  self = null,
}: {
  initialPeople: OnlinePerson[] | null;
  titles: Record<string, string>;
  self?: OnlineSelf | null;
}) {
  const live = useSitePresenceStore(useShallow((state) => (state.people ? byName(state.people) : null)));
  const held = useListingHeld();
  const people = live ?? initialPeople ?? [];
  // Just signed in (or shown again): others' lists show you only in a few seconds. Say so, here
  // where you would otherwise wonder why you aren't listed, or think everyone sees you already.
  const waiting = self !== null && held && !people.some((person) => person.id === self.id);
  if (people.length === 0 && !waiting) return <p className="online-empty">Nobody signed in is online right now.</p>;
  return (
    <>
      {waiting && (
        <p className="listing-hold-note" data-testid="listing-hold-online" role="status">
          Others will see you here in a few seconds. You signed in (or showed yourself) just now, and listing you at once
          would tell them which anonymous reader you were. You&apos;re counted among the readers online all along.
        </p>
      )}
      <ul className="online-people" data-testid="online-people">
        {waiting && (
          <li className="online-person online-person--held" data-testid="online-self-held" data-user-id={self.id}>
            <Avatar person={self} />
            <span className="online-person-name">{self.name}</span>
            <span className="online-person-status">you, not yet shown to others</span>
          </li>
        )}
        {people.map((person) => (
          <li
            key={person.id}
            className={person.active ? "online-person" : "online-person online-person--idle"}
            data-testid="online-person"
            data-user-id={person.id}
            data-active={person.active}
          >
            <Avatar person={person} />
            <span className="online-person-name">{person.name}</span>
            <span className="online-person-status" data-testid="online-person-status">
              {person.active ? "active" : "idle"}
            </span>
            <span className="online-person-where">
              {person.reading ? (
                <>
                  reading <AppLink href={`/posts/${person.reading}`}>{titles[person.reading] ?? person.reading}</AppLink>
                </>
              ) : (
                "browsing the blog"
              )}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Hides "recently seen" entries for people who are online again. */
export function RecentlySeenFilter({ userId, children }: { userId: string; children: React.ReactNode }) {
  const isOnline = useSitePresenceStore((state) => Boolean(state.people?.[userId]));
  return isOnline ? null : <>{children}</>;
}
