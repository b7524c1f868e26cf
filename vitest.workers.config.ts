// The presence worker's Durable Objects, tested inside workerd (the Workers runtime) with
// @cloudflare/vitest-pool-workers: real sockets through the real entry, real alarms, real
// storage. Each test file gets its own runtime and storage. Two projects: site presence on
// one shard and on four, for the files whose rules depend on it.
import { execFileSync } from "node:child_process";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { TEST_WORKER_VARS } from "./tests/workers/support/vars.ts";

// The worker imports the script tag's bundle, which is built, not committed (wrangler builds it for dev and deploy).
execFileSync("node", ["scripts/build-script-tag.mjs"], { stdio: "inherit" });

const project = (name: string, include: string[], vars: Record<string, string>, exclude: string[] = []) => ({
  plugins: [
    cloudflareTest({
      main: "./party/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: { ...TEST_WORKER_VARS, ...vars },
        // The app and the webhook receiver, for deliveries no test is watching (tests that are
        // spy on fetch inside the worker, which runs before this).
        outboundService: () => new Response("ok"),
      },
    }),
  ],
  test: { name, include, exclude, testTimeout: 30_000 },
});

const SHARDED = ["tests/workers/site-*.test.ts"];
// Its own settings each: a sweep of a minute (so objects can be evicted), the online list for signed-in readers only.
const EVICTION = ["tests/workers/eviction.test.ts"];
const AUDIENCE = ["tests/workers/audience.test.ts"];
// A room's object holds only a few sockets, so crowds spread over its relays.
const RELAYS = ["tests/workers/rooms-relays.test.ts", "tests/workers/rooms-relays-faults.test.ts"];

export default defineConfig({
  test: {
    projects: [
      project("workers", ["tests/workers/**/*.test.ts"], { SITE_SHARDS: "4" }, [...EVICTION, ...AUDIENCE, ...RELAYS]),
      project("workers-1-shard", SHARDED, { SITE_SHARDS: "1" }),
      project("workers-eviction", EVICTION, { PRESENCE_SWEEP_MS: "60000" }),
      project("workers-audience", AUDIENCE, { ONLINE_LIST_AUDIENCE: "signed-in" }),
      project("workers-relays", RELAYS, { ROOM_SOCKETS_PER_OBJECT: "3" }),
    ],
  },
});
