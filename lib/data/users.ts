import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { cleanDisplayName, displayNameKey } from "@/party/shared/display-name";

// The data-access layer for people: the only code besides the Auth.js adapter that touches
// the database. Returns plain objects with only the fields callers need.

export interface PresenceProfile {
  id: string;
  name: string | null;
  image: string | null;
  email: string | null;
  showOnline: boolean;
  presenceEpoch: number;
  presenceSyncPendingAt: Date | null;
  excludeFromStats: boolean;
}

export interface RecentlySeenPerson {
  id: string;
  name: string | null;
  image: string | null;
  lastSeenAt: Date;
}

const PROFILE = {
  id: true,
  name: true,
  image: true,
  email: true,
  showOnline: true,
  presenceEpoch: true,
  presenceSyncPendingAt: true,
  excludeFromStats: true,
} as const;

/**
 * The demo sign-in's person for a display name: names with the same key (displayNameKey: case,
 * spaces, invisible and compatibility characters aside) are the same person. The id is a hash of
 * the whole key, so names without ASCII letters are people of their own.
 */
export function demoUserId(name: string): string {
  const key = displayNameKey(name);
  const slug = key.normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 24);
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 12);
  return slug ? `demo-${slug}-${hash}` : `demo-${hash}`;
}

export async function findOrCreateDemoUser(name: string): Promise<PresenceProfile> {
  const cleaned = cleanDisplayName(name);
  const id = demoUserId(cleaned);
  return db.user.upsert({ where: { id }, update: {}, create: { id, name: cleaned }, select: PROFILE });
}

export async function getPresenceProfile(userId: string): Promise<PresenceProfile | null> {
  return db.user.findUnique({ where: { id: userId }, select: PROFILE });
}

/**
 * Saves "Show me as online" and starts a new privacy epoch (the presence worker then refuses
 * the person's older tokens). Marked pending until the worker confirms it heard.
 */
export async function setShowOnline(userId: string, showOnline: boolean): Promise<{ epoch: number }> {
  const updated = await db.user.update({
    where: { id: userId },
    data: { showOnline, presenceEpoch: { increment: 1 }, presenceSyncPendingAt: new Date() },
    select: { presenceEpoch: true },
  });
  return { epoch: updated.presenceEpoch };
}

/** An owner's choice: their own visits count nowhere. Takes effect with their next ticket. */
export async function setExcludeFromStats(userId: string, exclude: boolean): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { excludeFromStats: exclude } });
}

/** The worker confirmed the change of this epoch (a later change stays pending). */
export async function markPresenceSynced(userId: string, epoch: number): Promise<void> {
  await db.user.updateMany({ where: { id: userId, presenceEpoch: epoch }, data: { presenceSyncPendingAt: null } });
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
  return people.flatMap((person) => (person.lastSeenAt ? [{ ...person, name: person.name && cleanDisplayName(person.name), lastSeenAt: person.lastSeenAt }] : []));
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
