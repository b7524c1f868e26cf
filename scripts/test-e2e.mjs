// The e2e suite, run once per site-presence shard count (default: 1, then 4), so every
// test proves the product both on one shard and spread over several. Arguments go to
// Playwright (e.g. a spec file); E2E_SHARD_COUNTS="4" runs one pass only.
import { spawnSync } from "node:child_process";

const shardCounts = (process.env.E2E_SHARD_COUNTS ?? "1,4").split(",").map((count) => count.trim());

for (const [pass, shards] of shardCounts.entries()) {
  console.log(`\n=== e2e with site presence on ${shards} shard(s) ===\n`);
  const env = { ...process.env, E2E_SITE_SHARDS: shards, ...(pass > 0 ? { E2E_REUSE_APP_BUILD: "1" } : {}) };
  const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
