// This blog's presence settings, read in one place. NEXT_PUBLIC_* is inlined at build time.

/** host[:port] of the presence worker, no scheme. */
export const presenceHost = process.env.NEXT_PUBLIC_PRESENCE_HOST || "127.0.0.1:8787";

/** The PRESENCE_SECRET the worker has; asked for per ticket, so `next build` needs none. */
export function presenceSecret(): string {
  const secret = process.env.PRESENCE_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error("Set PRESENCE_SECRET (at least 32 characters): the same value the presence worker has.");
  }
  return secret;
}

/** Tests only: automated browsers (Playwright's) are readers too; anywhere else they count nowhere. */
export const countAutomatedBrowsers = () => process.env.COUNT_AUTOMATED_BROWSERS === "true";

/** This blog's public URL (its sitemap's URLs start with it): SITE_URL, read at request time. */
export const siteUrl = () => (process.env.SITE_URL || "http://localhost:3001").replace(/\/$/, "");
