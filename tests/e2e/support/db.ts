import { createClient } from "@libsql/client";

/** The e2e app's real database (prisma/e2e.db, migrated and seeded by scripts/e2e-app.mjs). */
const client = createClient({ url: "file:./prisma/e2e.db" });

export async function lastSeenAt(userId: string): Promise<number | null> {
  const result = await client.execute({ sql: 'SELECT "lastSeenAt" FROM "User" WHERE "id" = ?', args: [userId] });
  const value = result.rows[0]?.lastSeenAt;
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : new Date(String(value)).getTime();
}

export async function userIdByName(name: string): Promise<string | null> {
  const result = await client.execute({ sql: 'SELECT "id" FROM "User" WHERE "name" = ?', args: [name] });
  const value = result.rows[0]?.id;
  return value === undefined || value === null ? null : String(value);
}

/** The sign-in providers linked to a person (Auth.js Account rows). */
export async function linkedAccounts(userId: string): Promise<{ provider: string; providerAccountId: string }[]> {
  const result = await client.execute({
    sql: 'SELECT "provider", "providerAccountId" FROM "Account" WHERE "userId" = ?',
    args: [userId],
  });
  return result.rows.map((row) => ({ provider: String(row.provider), providerAccountId: String(row.providerAccountId) }));
}
