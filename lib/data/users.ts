import "server-only";
import type { PrismaClient } from "@prisma/client";
import { db as defaultDb } from "@/lib/db";

// The data-access layer for people: the only code besides the Auth.js adapter that
// touches the database. Returns plain objects with only the fields callers need.

let db: PrismaClient = defaultDb;

/** For tests: run the data layer against another database. */
export function useDatabaseForTests(client: PrismaClient): void {
  db = client;
}

export interface PresenceProfile {
  id: string;
  name: string | null;
  image: string | null;
  showOnline: boolean;
}

export interface RecentlySeenPerson {
  id: string;
  name: string | null;
  image: string | null;
  lastSeenAt: Date;
}

function demoUserId(name: string): string {
  const slug = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `demo-${slug || "reader"}`;
}

/** The demo sign-in's person for a display name: the same name is the same person. */
export async function findOrCreateDemoUser(name: string): Promise<PresenceProfile> {
  const id = demoUserId(name);
  return db.user.upsert({
    where: { id },
    update: {},
    create: { id, name },
    select: { id: true, name: true, image: true, showOnline: true },
  });
}

export async function getPresenceProfile(userId: string): Promise<PresenceProfile | null> {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, name: true, image: true, showOnline: true } });
}

export async function setShowOnline(userId: string, showOnline: boolean): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { showOnline } });
}

/**
 * Applies last-seen reports. Only ever moves lastSeenAt forward, and only for people who
 * show themselves online, so replayed, duplicated or reordered batches change nothing
 * they shouldn't. Returns how many people were updated.
 */
export async function recordLastSeen(entries: { userId: string; seenAt: Date }[]): Promise<number> {
  let updated = 0;
  for (const { userId, seenAt } of entries) {
    const result = await db.user.updateMany({
      where: { id: userId, showOnline: true, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: seenAt } }] },
      data: { lastSeenAt: seenAt },
    });
    updated += result.count;
  }
  return updated;
}

/** Visible people with a last-seen time, most recent first. */
export async function listRecentlySeen(limit: number): Promise<RecentlySeenPerson[]> {
  const people = await db.user.findMany({
    where: { showOnline: true, lastSeenAt: { not: null } },
    orderBy: { lastSeenAt: "desc" },
    take: limit,
    select: { id: true, name: true, image: true, lastSeenAt: true },
  });
  return people.flatMap((person) => (person.lastSeenAt ? [{ ...person, lastSeenAt: person.lastSeenAt }] : []));
}

export interface StatusProfile {
  id: string;
  showOnline: boolean;
  lastSeenAt: Date | null;
}

/** The people among `ids` that exist, with their privacy choice and last-seen time. */
export async function getStatusProfiles(ids: string[]): Promise<StatusProfile[]> {
  return db.user.findMany({ where: { id: { in: ids } }, select: { id: true, showOnline: true, lastSeenAt: true } });
}
