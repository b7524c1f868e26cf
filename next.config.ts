import type { NextConfig } from "next";
// Validates the environment once: a bad environment fails `next dev` and `next build`.
import { env } from "./lib/env";
import { securityHeaders } from "./lib/security-headers";

const headers = securityHeaders({
  presenceHost: env.NEXT_PUBLIC_PRESENCE_HOST,
  signInOrigins: ["https://github.com", ...(env.AUTH_GITHUB_ENTERPRISE_URL ? [new URL(env.AUTH_GITHUB_ENTERPRISE_URL).origin] : [])],
  development: process.env.NODE_ENV !== "production",
  https: env.SITE_URL.startsWith("https://"),
});

const nextConfig: NextConfig = {
  // Partial prerendering: posts are static shells built at build time; live counts stream in.
  cacheComponents: true,
  // Said explicitly, as Next 16 asks (a warning at every start otherwise): `false` keeps
  // prefetches as they have always been (with the dynamic data). Turning it on changes what a
  // prefetch carries, a change to measure on its own.
  partialPrefetching: false,
  // The footer's "N readers online" sits bottom left: the dev-tools button keeps clear of it.
  devIndicators: { position: "bottom-right" },
  poweredByHeader: false,
  // The e2e suite builds into its own folder so it never clobbers a dev or production build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  async headers() {
    return [{ source: "/:path*", headers }];
  },
};

export default nextConfig;
