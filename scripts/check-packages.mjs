// `npm run test:packages`: what an adopter installs works outside this repository. Each package
// is packed (`npm pack`), installed into a fresh project in a temporary folder from its tarball,
// and used there as its README says: the worker bundles for production (`wrangler deploy
// --dry-run`) from the adopter's own wrangler.jsonc (the package's example, unchanged).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");
const results = [];

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function check(name, body) {
  const started = Date.now();
  try {
    const detail = body();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)${detail ? `: ${detail}` : ""}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n${error instanceof Error ? error.message : String(error)}`);
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), "live-readers-packages-"));
try {
  check("@live-readers/worker packs, installs into a fresh project and bundles from the adopter's own wrangler.jsonc", () => {
    const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", scratch, "--workspace", "party"], root));
    const { filename, size, files } = packed[0];
    const paths = files.map((file) => file.path);
    // The script tag's bundle is built, not committed: packing builds it (the package's prepack).
    for (const required of ["index.ts", "README.md", "wrangler.example.jsonc", "worker-configuration.d.ts", "shared/protocol.ts", "script-tag/bundle.generated.ts"]) {
      if (!paths.includes(required)) throw new Error(`the tarball lacks ${required}`);
    }
    const project = path.join(scratch, "adopter");
    run("mkdir", ["-p", project], scratch);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "my-blog-presence", private: true, type: "module" }));
    run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--omit=peer", path.join(scratch, filename)], project);
    copyFileSync(path.join(project, "node_modules/@live-readers/worker/wrangler.example.jsonc"), path.join(project, "wrangler.jsonc"));
    run(wrangler, ["deploy", "--dry-run", "--outdir", "dist"], project);
    const bundle = readdirSync(path.join(project, "dist")).find((file) => file.endsWith(".js"));
    if (!bundle) throw new Error("wrangler wrote no bundle");
    const bundled = statSync(path.join(project, "dist", bundle)).size;
    if (existsSync(path.join(project, "node_modules/@live-readers/worker/node_modules"))) throw new Error("the package brought nested dependencies");
    return `${(size / 1024).toFixed(1)} kB packed, ${files.length} files; bundle ${(bundled / 1024).toFixed(0)} kB`;
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
