// Ports for the e2e run, apart from `npm run dev`'s 3000/8787 so both can run at once.
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_WORKER_PORT = Number(process.env.E2E_WORKER_PORT ?? 8788);
// localhost, not 127.0.0.1: Next.js reports 127.0.0.1 as localhost in request URLs, and the
// OAuth callback must land on the host that holds the sign-in cookies.
export const E2E_APP_URL = `http://localhost:${E2E_APP_PORT}`;
export const E2E_WORKER_URL = `http://127.0.0.1:${E2E_WORKER_PORT}`;
/** How many shards site presence runs on (`E2E_SHARD_COUNTS="1,4" npm run test:e2e` runs a pass with each). */
export const E2E_SITE_SHARDS = Number(process.env.E2E_SITE_SHARDS ?? 4);
/** The other blog of examples/other-blog, sharing the worker (docs/embedding.md). */
export const E2E_EXAMPLE_PORT = Number(process.env.E2E_EXAMPLE_PORT ?? 3101);
export const E2E_EXAMPLE_URL = `http://localhost:${E2E_EXAMPLE_PORT}`;
/** The static blog of examples/static-blog (plain HTML, one script tag from the worker), on a plain static server. */
export const E2E_STATIC_PORT = Number(process.env.E2E_STATIC_PORT ?? 3102);
export const E2E_STATIC_URL = `http://localhost:${E2E_STATIC_PORT}`;
/** The secret the e2e app and worker share (test-only; production uses its own). */
export const E2E_PRESENCE_SECRET = "e2e-presence-secret-not-for-production-0123456789";
/** The local GitHub-shaped OAuth server the OAuth sign-in test starts (see github-oauth-server.ts). */
export const E2E_OAUTH_PORT = Number(process.env.E2E_OAUTH_PORT ?? 8790);
export const E2E_OAUTH_URL = `http://127.0.0.1:${E2E_OAUTH_PORT}`;
export const E2E_GITHUB_CLIENT_ID = "e2e-github-client";
export const E2E_GITHUB_CLIENT_SECRET = "e2e-github-secret-not-for-production";
/** The status API key the e2e app is started with (test-only). */
export const E2E_STATUS_API_KEY = "e2e-status-api-key-not-for-production-0123456789";
/** The e2e worker's grace window: a socket that drops without a goodbye stays counted this long. */
export const E2E_GRACE_MS = 2000;
/** The e2e worker takes a socket silent this long for a vanished one, and sweeps this often. */
export const E2E_GHOST_AFTER_MS = 8000;
export const E2E_SWEEP_MS = 4000;
/** After a mid-read identity change, a new look joins a crowded rail this long later (see docs/security.md). */
export const E2E_REENTRY_DELAY_MS = { min: 1000, max: 2000 };
/** Rooms past this many readers show the crowd view. */
export const E2E_LARGE_ROOM_READERS = 20;
/** A post's room holds this many sockets in its own object; readers beyond sit in its relays. */
export const E2E_ROOM_SOCKETS_PER_OBJECT = 12;

/** The e2e worker reads a site's sitemap again, for a room it doesn't list, at most this often. */
export const E2E_SITEMAP_REFRESH_MS = 3000;

/** The e2e worker's settings (its secret among them, given in an env file as `.dev.vars` gives it in development). */
export const E2E_WORKER_VARS: Record<string, string> = {
  // Two sites, each with its own rooms, learned from its sitemap: this blog's posts at /posts/<slug>, the other's at /blog/<slug>.
  ALLOWED_ORIGINS: `${E2E_APP_URL},${E2E_EXAMPLE_URL},${E2E_STATIC_URL}`,
  SITE_POST_PATHS: `${E2E_EXAMPLE_URL}=/blog/`,
  SITEMAP_REFRESH_MIN_MS: String(E2E_SITEMAP_REFRESH_MS),
  APP_URL: E2E_APP_URL,
  PRESENCE_SECRET: E2E_PRESENCE_SECRET,
  SITE_SHARDS: String(E2E_SITE_SHARDS),
  PRESENCE_GRACE_MS: String(E2E_GRACE_MS),
  PRESENCE_GHOST_AFTER_MS: String(E2E_GHOST_AFTER_MS),
  PRESENCE_SWEEP_MS: String(E2E_SWEEP_MS),
  REENTRY_DELAY_MIN_MS: String(E2E_REENTRY_DELAY_MS.min),
  REENTRY_DELAY_MAX_MS: String(E2E_REENTRY_DELAY_MS.max),
  LARGE_ROOM_READERS: String(E2E_LARGE_ROOM_READERS),
  ROOM_SOCKETS_PER_OBJECT: String(E2E_ROOM_SOCKETS_PER_OBJECT),
  // Playwright's browsers are automated: the script tag's tickets count them, as the app's do.
  COUNT_AUTOMATED_BROWSERS: "true",
};

/** The demo sign-in name that is an owner of the e2e blog. */
export const E2E_DEMO_OWNER = "Owner Olive";
