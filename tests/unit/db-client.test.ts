import { expect, it, vi } from "vitest";

it("the app has one database client per process, however many of its bundles import it", async () => {
  // In production each Next bundle (pages, route handlers, auth) evaluates lib/db.ts anew;
  // two clients on one SQLite file lock each other out whenever both write.
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("DATABASE_URL", "file::memory:");
  try {
    const first = (await import("@/lib/db")).db;
    vi.resetModules();
    expect((await import("@/lib/db")).db).toBe(first);
  } finally {
    vi.unstubAllEnvs();
  }
});

it("the libSQL client it runs on answers like the plain one, transactions included", async () => {
  const { createLibsqlClient } = await import("@/lib/libsql-client");
  const client = createLibsqlClient({ url: "file::memory:" });
  const transaction = await client.transaction("write");
  expect(transaction.closed).toBe(false);
  await transaction.execute("CREATE TABLE t (x INTEGER)");
  await transaction.commit();
  expect(transaction.closed).toBe(true);
  expect(client.closed).toBe(false);
  client.close();
});
