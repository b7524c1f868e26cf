// Another process takes a SQLite database away for a while, as a restore or a VACUUM would:
// it holds the EXCLUSIVE lock for argv[3] ms, then lets go. Prints "locked" once it holds it.
import { createClient } from "@libsql/client";

const [url, holdMs] = [process.argv[2], Number(process.argv[3])];
const holder = createClient({ url, concurrency: 1 });
await holder.execute("PRAGMA busy_timeout = 5000");
await holder.execute("PRAGMA locking_mode = EXCLUSIVE");
// A committed write (into "_outage", a table the caller made): enough to take, and in this
// mode keep, the lock.
await holder.execute({ sql: `INSERT INTO "_outage" VALUES (?)`, args: [Date.now()] });
console.log("locked");
await new Promise((resolve) => setTimeout(resolve, holdMs));
await holder.execute("PRAGMA locking_mode = NORMAL");
await holder.execute(`SELECT 1 FROM "_outage" LIMIT 1`);
holder.close();
