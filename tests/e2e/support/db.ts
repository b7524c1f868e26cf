import { createClient } from "@libsql/client";

/** The e2e app's real database (prisma/e2e.db, migrated and seeded by scripts/e2e-app.mjs). */
export const E2E_DATABASE_URL = "file:./prisma/e2e.db";
const client = createClient({ url: E2E_DATABASE_URL });
// The app writes while tests read: wait for its lock instead of failing with SQLITE_BUSY.
const ready = client.execute("PRAGMA busy_timeout = 5000");

async function query(sql: string, args: string[]) {
  await ready;
  return client.execute({ sql, args });
}

export async function lastSeenAt(userId: string): Promise<number | null> {
  const result = await query('SELECT "lastSeenAt" FROM "User" WHERE "id" = ?', [userId]);
  const value = result.rows[0]?.lastSeenAt;
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : new Date(String(value)).getTime();
}

/** A person's "Show me as online" setting, or null if there is no such person. */
export async function showOnline(userId: string): Promise<boolean | null> {
  const result = await query('SELECT "showOnline" FROM "User" WHERE "id" = ?', [userId]);
  const value = result.rows[0]?.showOnline;
  return value === undefined || value === null ? null : Boolean(Number(value));
}

export async function userIdByName(name: string): Promise<string | null> {
  const result = await query('SELECT "id" FROM "User" WHERE "name" = ?', [name]);
  const value = result.rows[0]?.id;
  return value === undefined || value === null ? null : String(value);
}

/** The sign-in providers linked to a person (Auth.js Account rows). */
export async function linkedAccounts(userId: string): Promise<{ provider: string; providerAccountId: string }[]> {
  const result = await query('SELECT "provider", "providerAccountId" FROM "Account" WHERE "userId" = ?', [userId]);
  return result.rows.map((row) => ({ provider: String(row.provider), providerAccountId: String(row.providerAccountId) }));
}
