// examples/other-blog as the e2e suite uses it: a production build (in its own dist dir,
// pointed at the e2e worker), then `next start`. Started and stopped by Playwright's webServer.
// It uses the repository's node_modules: the example has no install of its own.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const port = process.env.E2E_EXAMPLE_PORT ?? "3101";
const workerPort = process.env.E2E_WORKER_PORT ?? "8788";
const cwd = path.resolve("examples/other-blog");
const next = path.resolve("node_modules/.bin/next");
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_DIST_DIR: ".next-e2e",
  NEXT_PUBLIC_PRESENCE_HOST: `127.0.0.1:${workerPort}`,
  SITE_URL: `http://localhost:${port}`,
};

// The second pass of `npm run test:e2e` (another shard count) serves the same build.
if (process.env.E2E_REUSE_APP_BUILD !== "1" || !existsSync(path.join(cwd, ".next-e2e/BUILD_ID"))) {
  const build = spawnSync(next, ["build"], { cwd, stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(next, ["start", "--port", port, "--hostname", "127.0.0.1"], { cwd, stdio: "inherit", env });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));
