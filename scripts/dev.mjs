// `npm run dev`: the whole product locally, from a fresh clone, with no .env file.
// Prepares the post index and the SQLite database (migrated and seeded), then runs the
// presence worker (wrangler dev, workerd) and the Next.js app side by side.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

// The demo sign-in's "Owner Olive" opens the owner's desk in development (set DEMO_OWNER_NAMES to change it).
const env = { DEMO_OWNER_NAMES: "Owner Olive", ...process.env, NEXT_TELEMETRY_DISABLED: "1", WRANGLER_SEND_METRICS: "false" };

function runStep(label, command, args) {
  console.log(`[dev] ${label}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`[dev] ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

// The worker's development secret lives in .dev.vars (ignored by git), never on a command line.
if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("[dev] created .dev.vars from .dev.vars.example");
}
runStep("preparing the database", "npm", ["run", "--silent", "db:setup"]);

const services = [
  { name: "worker", args: ["run", "--silent", "dev:worker"] },
  { name: "app", args: ["run", "--silent", "dev:next"] },
].map(({ name, args }) => ({ name, child: spawn("npm", args, { stdio: "inherit", env, detached: true }) }));

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of services) {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
    }
  }
  process.exitCode = code;
}

for (const { name, child } of services) {
  child.on("exit", (code) => {
    if (!stopping) console.error(`[dev] ${name} exited (${code}); stopping the rest`);
    stopAll(code ?? 1);
  });
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
console.log("[dev] blog: http://localhost:3000   presence worker: http://127.0.0.1:8787   desk: sign in as Owner Olive");
