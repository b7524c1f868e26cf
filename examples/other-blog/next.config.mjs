import { fileURLToPath } from "node:url";

// The live-readers checkout this blog imports from (here: the repository around the example;
// in your blog: wherever you vendored it). Next compiles files only inside this root.
const liveReadersRoot = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
const nextConfig = {
  turbopack: { root: liveReadersRoot },
  outputFileTracingRoot: liveReadersRoot,
  poweredByHeader: false,
  // The e2e suite builds into its own folder, apart from a `next dev` of the example.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
