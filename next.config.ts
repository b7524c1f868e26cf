import type { NextConfig } from "next";
// Validates the environment once: a bad environment fails `next dev` and `next build`.
import "./lib/env";

const nextConfig: NextConfig = {
  // Partial prerendering: posts are static shells built at build time; live counts stream in.
  cacheComponents: true,
  poweredByHeader: false,
  // The e2e suite builds into its own folder so it never clobbers a dev or production build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
