// Ports for the e2e run, apart from `npm run dev`'s 3000/8787 so both can run at once.
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_WORKER_PORT = Number(process.env.E2E_WORKER_PORT ?? 8788);
// localhost, not 127.0.0.1: Next.js reports 127.0.0.1 as localhost in request URLs, and the
// OAuth callback must land on the host that holds the sign-in cookies.
export const E2E_APP_URL = `http://localhost:${E2E_APP_PORT}`;
export const E2E_WORKER_URL = `http://127.0.0.1:${E2E_WORKER_PORT}`;
/** How many shards site presence runs on; `npm run test:e2e` runs the suite with 1 and with 4. */
export const E2E_SITE_SHARDS = Number(process.env.E2E_SITE_SHARDS ?? 4);
/** The other blog of examples/other-blog, sharing the worker (docs/embedding.md). */
export const E2E_EXAMPLE_PORT = Number(process.env.E2E_EXAMPLE_PORT ?? 3101);
export const E2E_EXAMPLE_URL = `http://localhost:${E2E_EXAMPLE_PORT}`;
/** The secret the e2e app and worker share (test-only; production uses its own). */
export const E2E_PRESENCE_SECRET = "e2e-presence-secret-not-for-production-0123456789";
/** The local GitHub-shaped OAuth server the OAuth sign-in test starts (see github-oauth-server.ts). */
export const E2E_OAUTH_PORT = Number(process.env.E2E_OAUTH_PORT ?? 8790);
export const E2E_OAUTH_URL = `http://127.0.0.1:${E2E_OAUTH_PORT}`;
export const E2E_GITHUB_CLIENT_ID = "e2e-github-client";
export const E2E_GITHUB_CLIENT_SECRET = "e2e-github-secret-not-for-production";
/** The status API key the e2e app is started with (test-only). */
export const E2E_STATUS_API_KEY = "e2e-status-api-key-not-for-production-0123456789";
/** The black-holing proxy in front of the worker (liveness spec). */
export const E2E_BLACKHOLE_PORT = Number(process.env.E2E_BLACKHOLE_PORT ?? 8791);
/** The webhook receiver the webhooks spec starts. */
export const E2E_WEBHOOK_PORT = Number(process.env.E2E_WEBHOOK_PORT ?? 8792);
