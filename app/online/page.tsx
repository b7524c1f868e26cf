import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { auth } from "@/auth";
import { OnlinePeopleLive, RecentlySeenFilter } from "@/components/presence/online-people-live";
import { listRecentlySeen } from "@/lib/data/users";
import { env } from "@/lib/env";
import { formatTimeAgo } from "@/lib/format-time-ago";
import { getViewerSiteSummary } from "@/lib/presence/site-summary";
import { getAllPosts } from "@/lib/posts";

export const metadata: Metadata = { title: "Who's online" };

const RECENT_LIMIT = 20;

async function postTitles(): Promise<Record<string, string>> {
  return Object.fromEntries((await getAllPosts()).map((post) => [post.slug, post.title]));
}

async function OnlineNow() {
  const [summary, titles, session] = await Promise.all([getViewerSiteSummary(), postTitles(), auth()]);
  const record = summary?.record;
  // You, so the list can say when others don't see you yet (just after you signed in).
  const user = session?.user;
  const self = user?.id ? { id: user.id, name: user.name ?? "You", image: user.image ?? null } : null;
  return (
    <>
      <OnlinePeopleLive initialPeople={summary?.people ?? null} titles={titles} self={self} />
      {record && (
        <p className="online-record" data-testid="online-record">
          Most readers at once: {record.count}, on {new Date(record.at).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}.
        </p>
      )}
    </>
  );
}

async function RecentlySeen() {
  await connection();
  let people: Awaited<ReturnType<typeof listRecentlySeen>>;
  try {
    people = await listRecentlySeen(RECENT_LIMIT);
  } catch (error) {
    // The database is down: the live list above carries on without it.
    console.error("/online: recently seen is unavailable", error);
    return (
      <p className="online-empty" data-testid="recently-seen-unavailable">
        Who was here lately can&apos;t be shown right now.
      </p>
    );
  }
  if (people.length === 0) return <p className="online-empty">No one has been seen recently.</p>;
  const now = new Date();
  return (
    <ul className="recently-seen" data-testid="recently-seen">
      {people.map((person) => (
        <RecentlySeenFilter key={person.id} userId={person.id}>
          <li data-testid="recent-person" data-user-id={person.id}>
            <span className="online-person-name">{person.name ?? "A reader"}</span>{" "}
            <span className="online-person-where">last seen {formatTimeAgo(person.lastSeenAt, now)}</span>
          </li>
        </RecentlySeenFilter>
      ))}
    </ul>
  );
}

async function OnlineLists() {
  if (env.ONLINE_LIST_AUDIENCE === "signed-in" && !(await auth())?.user) {
    return <p>Sign in to see who is online.</p>;
  }
  return (
    <>
      <section aria-labelledby="online-now">
        <h2 id="online-now">Online now</h2>
        <OnlineNow />
      </section>
      <section aria-labelledby="recently-seen">
        <h2 id="recently-seen">Recently seen</h2>
        <RecentlySeen />
      </section>
    </>
  );
}

export default function OnlinePage() {
  return (
    <div className="online-page">
      <h1>Who&apos;s online</h1>
      <p className="online-intro">
        Signed-in readers who show themselves as online. Anyone can hide in Settings; hidden readers are never listed.
      </p>
      <Suspense fallback={<p>Checking who is here…</p>}>
        <OnlineLists />
      </Suspense>
    </div>
  );
}
