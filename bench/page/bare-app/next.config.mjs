import { fileURLToPath } from "node:url";

// The yardstick for the post page: Next.js as it comes, one static route, nothing of the
// product's. It uses the repository's node_modules (the same next and react); Next compiles
// only files inside this root.
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** @type {import("next").NextConfig} */
const nextConfig = {
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  distDir: ".next-bench",
};

export default nextConfig;
