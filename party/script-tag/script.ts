import { refuse } from "../entry/refusals";
import { SCRIPT_TAG_JS, SCRIPT_TAG_VERSION } from "./bundle.generated";

/** A script asked for with the current version (`/embed.js?v=<version>`) never changes: cached for a year. */
const PINNED_CACHE = "public, max-age=31536000, immutable";
/** The plain `/embed.js` a site's tag names: revalidated hourly (an ETag makes that a 304), so a deploy reaches every site within the hour. */
const PLAIN_CACHE = "public, max-age=3600, stale-while-revalidate=86400";

/**
 * GET /embed.js: the script tag's script (packages/script-tag, bundled by
 * scripts/build-script-tag.mjs into bundle.generated.ts). A <script> needs no CORS; its ETag is its version.
 */
export function serveScript(request: Request, url: URL): Response {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const refused = refuse(405, "Method Not Allowed");
    refused.headers.set("Allow", "GET, HEAD");
    return refused;
  }
  const etag = `"${SCRIPT_TAG_VERSION}"`;
  const headers = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": url.searchParams.get("v") === SCRIPT_TAG_VERSION ? PINNED_CACHE : PLAIN_CACHE,
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(request.method === "HEAD" ? null : SCRIPT_TAG_JS, { headers });
}
