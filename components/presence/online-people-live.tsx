"use client";
import { AppLink } from "@/components/blog/app-link";
import { useShallow } from "zustand/react/shallow";
import type { OnlinePerson } from "@/party/shared/protocol";
import { useSitePresenceStore } from "@/stores/site-presence-store";

function byName(people: Record<string, OnlinePerson>): OnlinePerson[] {
  return Object.values(people).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function Avatar({ person }: { person: OnlinePerson }) {
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
}: {
  initialPeople: OnlinePerson[] | null;
  titles: Record<string, string>;
}) {
  const live = useSitePresenceStore(useShallow((state) => (state.people ? byName(state.people) : null)));
  const people = live ?? initialPeople ?? [];
  if (people.length === 0) return <p className="online-empty">Nobody signed in is online right now.</p>;
  return (
    <ul className="online-people" data-testid="online-people">
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
  );
}

/** Hides "recently seen" entries for people who are online again. */
export function RecentlySeenFilter({ userId, children }: { userId: string; children: React.ReactNode }) {
  const isOnline = useSitePresenceStore((state) => Boolean(state.people?.[userId]));
  return isOnline ? null : <>{children}</>;
}
