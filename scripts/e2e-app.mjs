// The Next.js app as the e2e suite uses it: a production build (in its own dist dir,
// pointed at the e2e worker and a fresh e2e database), then `next start`.
// Started and stopped by Playwright's webServer.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const appPort = process.env.E2E_APP_PORT ?? "3100";
const workerPort = process.env.E2E_WORKER_PORT ?? "8788";
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_DIST_DIR: ".next-e2e",
  NEXT_PUBLIC_PRESENCE_HOST: `127.0.0.1:${workerPort}`,
  PRESENCE_URL: `http://127.0.0.1:${workerPort}`,
  SITE_URL: `http://localhost:${appPort}`,
  DATABASE_URL: "file:./prisma/e2e.db",
};

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

rmSync("prisma/e2e.db", { force: true });
run("npx", ["prisma", "generate"]);
run("npx", ["prisma", "migrate", "deploy"]);
run("node", ["prisma/seed.mjs"]);
// The second pass of `npm run test:e2e` (another shard count) serves the same build.
if (process.env.E2E_REUSE_APP_BUILD !== "1" || !existsSync(".next-e2e/BUILD_ID")) run("npx", ["next", "build"]);

const server = spawn("npx", ["next", "start", "--port", appPort, "--hostname", "127.0.0.1"], { stdio: "inherit", env });
const stop = () => server.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
server.on("exit", (code) => process.exit(code ?? 0));
