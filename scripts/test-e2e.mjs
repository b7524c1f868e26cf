// The e2e suite, run once per site-presence shard count in E2E_SHARD_COUNTS (default: 4;
// "1,4" runs a pass on one shard too). The rules that depend on the shard count are proven on
// one and on four shards inside workerd (npm run test:workers), so one browser pass is enough
// for `npm test`. Arguments go to Playwright (e.g. a spec file).
import { spawnSync } from "node:child_process";

const shardCounts = (process.env.E2E_SHARD_COUNTS ?? "4").split(",").map((count) => count.trim());

for (const [pass, shards] of shardCounts.entries()) {
  console.log(`\n=== e2e with site presence on ${shards} shard(s) ===\n`);
  const env = { ...process.env, E2E_SITE_SHARDS: shards, ...(pass > 0 ? { E2E_REUSE_APP_BUILD: "1" } : {}) };
  const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
