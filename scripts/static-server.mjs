// A plain static file server, as any host of a static blog is: `node scripts/static-server.mjs
// <dir> [port]` (or E2E_STATIC_PORT). Directories serve their index.html. The example's files name
// the development worker (http://127.0.0.1:8787) and the site's default address
// (http://localhost:3102): served on another port, or with PRESENCE_ORIGIN set (the e2e run's
// worker), its HTML and XML name those instead; the files themselves stay as written.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? "examples/static-blog");
const port = Number(process.argv[3] ?? process.env.E2E_STATIC_PORT ?? 3102);
const replacements = [
  ["http://127.0.0.1:8787", process.env.PRESENCE_ORIGIN ?? "http://127.0.0.1:8787"],
  ["http://localhost:3102", `http://localhost:${port}`],
].filter(([written, served]) => written !== served);
const TYPES = { ".html": "text/html; charset=utf-8", ".xml": "application/xml", ".css": "text/css", ".js": "text/javascript", ".txt": "text/plain" };

function fileFor(urlPath) {
  const file = path.join(root, path.normalize(decodeURIComponent(urlPath)));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return fileFor(path.posix.join(urlPath, "index.html"));
  return stat?.isFile() ? file : null;
}

createServer((request, response) => {
  let file = null;
  try {
    file = request.method === "GET" || request.method === "HEAD" ? fileFor(new URL(request.url, "http://x").pathname) : null;
  } catch {
    // A malformed path is simply not found.
  }
  if (!file) return response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
  const type = TYPES[path.extname(file)] ?? "application/octet-stream";
  response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-cache" });
  if (request.method === "HEAD") return response.end();
  if (replacements.length === 0 || !/html|xml/.test(type)) return void createReadStream(file).pipe(response);
  let text = readFileSync(file, "utf8");
  for (const [written, served] of replacements) text = text.replaceAll(written, served);
  response.end(text);
}).listen(port, "127.0.0.1", () => console.log(`static blog: http://localhost:${port} (${root})`));
