// The worker's settings in the workerd tests: short windows, so rules that wait (grace,
// ghosts, re-entry) can be seen in seconds. Node-side (the vitest config) and worker-side.
export const TEST_SECRET = "workers-test-presence-secret-0123456789abcdef";
export const TEST_APP_URL = "http://app.test";
export const TEST_ORIGIN = "http://app.test";
/** Another blog on the same worker, whose posts live at /blog/<slug>. */
export const OTHER_SITE_ORIGIN = "http://other.test";

export const TEST_WORKER_VARS = {
  PRESENCE_SECRET: TEST_SECRET,
  ALLOWED_ORIGINS: `${TEST_ORIGIN},${OTHER_SITE_ORIGIN}`,
  SITE_POST_PATHS: `${OTHER_SITE_ORIGIN}=/blog/`,
  SITEMAP_REFRESH_MIN_MS: "1000",
  APP_URL: TEST_APP_URL,
  PRESENCE_GRACE_MS: "400",
  PRESENCE_SWEEP_MS: "1000",
  PRESENCE_GHOST_AFTER_MS: "1500",
  REENTRY_CROWD: "3",
  REENTRY_DELAY_MIN_MS: "1000",
  REENTRY_DELAY_MAX_MS: "1500",
  LARGE_ROOM_READERS: "12",
  WEBHOOK_URL: "http://hooks.test/presence",
  WEBHOOK_SECRET: "workers-test-webhook-secret-0123456789abcdef",
} as const;
