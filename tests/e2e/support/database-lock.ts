import { createClient } from "@libsql/client";
import { E2E_DATABASE_URL } from "./db";

/** The e2e database made unavailable until `release()`. */
export interface DatabaseOutage {
  release: () => Promise<void>;
}

/**
 * Takes the e2e database away from the app the way another process can: a second
 * connection holds SQLite's EXCLUSIVE lock (as a restore, a VACUUM or a stuck migration
 * would), so every read and write the app tries fails with SQLITE_BUSY while the app
 * itself stays up. In exclusive locking mode a connection keeps the EXCLUSIVE lock it
 * took for a commit until it is switched back to normal and touches the file again.
 */
export async function takeDatabaseDown(): Promise<DatabaseOutage> {
  const holder = createClient({ url: E2E_DATABASE_URL, concurrency: 1 });
  await holder.execute("PRAGMA busy_timeout = 5000");
  await holder.execute("PRAGMA locking_mode = EXCLUSIVE");
  // A write that changes nothing, committed: enough to take (and now keep) the lock.
  await holder.execute(`UPDATE "User" SET "name" = "name" WHERE "id" = 'seed-ada'`);
  return {
    release: async () => {
      await holder.execute("PRAGMA locking_mode = NORMAL");
      await holder.execute(`SELECT 1 FROM "User" LIMIT 1`);
      holder.close();
    },
  };
}
