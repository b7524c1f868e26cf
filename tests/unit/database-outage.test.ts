import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyBucket } from "@/party/shared/insights";

// The app's own database layer on a real SQLite file, migrated by Prisma, taken away for a
// while by another process (a restore, a VACUUM): once it is back, the app must write again.
const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "outage-")), "test.db")}`;
process.env.DATABASE_URL = url;
const holdLock = fileURLToPath(new URL("./support/hold-database-lock.mjs", import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let users: typeof import("@/lib/data/users");
let insights: typeof import("@/lib/data/insights");

beforeAll(async () => {
  const migrated = spawnSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (migrated.status !== 0) throw new Error(migrated.stderr);
  const setup = createClient({ url });
  await setup.execute(`CREATE TABLE "_outage" ("at" INTEGER)`);
  setup.close();
  users = await import("@/lib/data/users");
  insights = await import("@/lib/data/insights");
}, 60_000);

/** Another process holding the database's EXCLUSIVE lock for `ms`; `locked` fails if it can't take it. */
function startOutage(ms: number): { locked: Promise<void>; over: Promise<number | null> } {
  const holder = spawn(process.execPath, [holdLock, url, String(ms)], { stdio: ["ignore", "pipe", "ignore"] });
  const over = new Promise<number | null>((resolve) => holder.on("exit", resolve));
  const locked = new Promise<void>((resolve, reject) => {
    holder.stdout.on("data", (data) => String(data).includes("locked") && resolve());
    void over.then(() => reject(new Error("another process could not take the database's lock: the app still holds one")));
  });
  return { locked, over };
}

describe("the app's database", () => {
  it("writes again once an outage is over, even with writes in flight as it ended", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    let version = 1;
    // What the app writes all the time: sign-ins, last-seen batches, reading insights.
    const writes = (n: number) =>
      Promise.allSettled([
        users.findOrCreateDemoUser(`Writer ${n}`),
        users.recordLastSeen([{ userId: users.demoUserId(`Writer ${n}`), seenAt: new Date() }]),
        insights.recordInsightBuckets([{ ...emptyBucket(`post-${n}`, hour), visits: 1, version: version++ }]),
      ]);
    for (let round = 0; round < 5; round++) {
      // The lock is taken while the app is quiet (SQLite gives a waiting writer no turn); the
      // app writes all through it (each write fails with SQLITE_BUSY) and on after it ends.
      const outage = startOutage(400);
      await outage.locked;
      let ended = false;
      void outage.over.then(() => (ended = true));
      while (!ended) await Promise.all([writes(1), writes(2), writes(3), sleep(5)]);
      expect(await outage.over).toBe(0);
      await Promise.all([writes(1), writes(2), writes(3)]);
    }

    // After the outage: the app's writes land, and so do another process's.
    const person = await users.findOrCreateDemoUser("After the outage");
    expect(person.name).toBe("After the outage");
    expect(await users.recordLastSeen([{ userId: person.id, seenAt: new Date() }])).toBe(1);
    const other = createClient({ url });
    await expect(other.execute(`UPDATE "User" SET "name" = "name"`)).resolves.toBeDefined();
    other.close();
  }, 30_000);
});
