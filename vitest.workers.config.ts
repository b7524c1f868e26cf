// The presence worker's Durable Objects, tested inside workerd (the Workers runtime) with
// @cloudflare/vitest-pool-workers: real sockets through the real entry, real alarms, real
// storage. Each test file gets its own runtime and storage. Two projects: site presence on
// one shard and on four, for the files whose rules depend on it.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { testOutbound } from "./tests/workers/support/outbound.ts";
import { TEST_ORIGIN, TEST_WORKER_VARS } from "./tests/workers/support/vars.ts";

/** This blog's posts, as its sitemap lists them: the worker learns its rooms from there. */
const POSTS = readdirSync("content/posts").filter((file) => /\.mdx?$/.test(file)).map((file) => file.replace(/\.mdx?$/, ""));

// The worker imports the script tag's bundle, which is built, not committed (wrangler builds it for dev and deploy).
execFileSync("node", ["scripts/build-script-tag.mjs"], { stdio: "inherit" });

const project = (name: string, include: string[], vars: Record<string, string>, exclude: string[] = []) => ({
  plugins: [
    cloudflareTest({
      main: "./party/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: { ...TEST_WORKER_VARS, ...vars },
        // The sites' sitemaps, the app and the webhook receiver (tests/workers/support/outbound.ts).
        outboundService: testOutbound(TEST_ORIGIN, POSTS),
      },
    }),
  ],
  test: { name, include, exclude, testTimeout: 30_000 },
});

const SHARDED = ["tests/workers/site-*.test.ts"];
// Its own settings each: a sweep of a minute (so objects can be evicted), the online list for signed-in readers only.
const EVICTION = ["tests/workers/eviction.test.ts"];
// Sweeps further apart than the runtime keeps an idle object (~10 s), so floods are judged across evictions.
const FLOODS = ["tests/workers/heartbeat-floods.test.ts"];
const AUDIENCE = ["tests/workers/audience.test.ts"];
// A room's object holds only a few sockets, so crowds spread over its relays.
const RELAYS = ["tests/workers/rooms-relays.test.ts", "tests/workers/rooms-relays-faults.test.ts"];

export default defineConfig({
  test: {
    projects: [
      project("workers", ["tests/workers/**/*.test.ts"], { SITE_SHARDS: "4" }, [...EVICTION, ...FLOODS, ...AUDIENCE, ...RELAYS]),
      project("workers-1-shard", SHARDED, { SITE_SHARDS: "1" }),
      project("workers-eviction", EVICTION, { PRESENCE_SWEEP_MS: "60000" }),
      project("workers-floods", FLOODS, { PRESENCE_SWEEP_MS: "14000", SITE_SHARDS: "1" }),
      project("workers-audience", AUDIENCE, { ONLINE_LIST_AUDIENCE: "signed-in" }),
      project("workers-relays", RELAYS, { ROOM_SOCKETS_PER_OBJECT: "3" }),
    ],
  },
});
