// The sites a worker serves. Every origin in ALLOWED_ORIGINS is a site: its posts are the pages
// its sitemap lists under its post path, and its rooms are its own (an Article's name carries
// the site, so two blogs on one worker never share a room). See party/catalog/.

/** One site: where its pages come from, and which of them are posts. */
export interface SiteConfig {
  /** Short, stable, path-safe: part of every room name of the site (e.g. "blog.example.com", "localhost_3000"). */
  id: string;
  origin: string;
  /** Where the worker reads which posts exist (default `<origin>/sitemap.xml`). */
  sitemapUrl: string;
  /** A sitemap URL under this path is a post; its last path segment is the room's slug (default "/posts/"). */
  postPrefix: string;
}

export const DEFAULT_POST_PREFIX = "/posts/";
export const DEFAULT_SITEMAP_PATH = "/sitemap.xml";

/** The site id of an origin: its host, the port after "_" (hostnames have no "_", so ids don't collide). */
export function siteIdOf(origin: string): string {
  const { hostname, port } = new URL(origin);
  const host = hostname.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
  return port ? `${host}_${port}` : host;
}

const ROOM_SEPARATOR = "@";

/** An Article's name: `<slug>@<site id>` ("@" is in neither a slug nor a host, and is safe in a URL path). */
export const roomNameOf = (site: Pick<SiteConfig, "id">, slug: string) => `${slug}${ROOM_SEPARATOR}${site.id}`;

/** The site and slug of a room's name, or null when it isn't one. */
export function parseRoomName(name: string): { siteId: string; slug: string } | null {
  const at = name.indexOf(ROOM_SEPARATOR);
  if (at <= 0 || at === name.length - 1) return null;
  return { slug: name.slice(0, at), siteId: name.slice(at + 1) };
}

/**
 * Reads "origin=value, origin=value" pairs (SITE_SITEMAPS, SITE_POST_PATHS). Returns the map or
 * the problems, each naming the setting and the entry.
 */
export function originPairs(setting: string, raw: string | undefined, origins: string[]): { pairs: Map<string, string>; problems: string[] } {
  const pairs = new Map<string, string>();
  const problems: string[] = [];
  for (const entry of (raw ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf("=");
    const origin = at > 0 ? originOf(entry.slice(0, at).trim()) : null;
    if (origin === null || !origins.includes(origin)) {
      problems.push(`${setting}: "${entry}" must be <origin>=<value>, the origin one of ALLOWED_ORIGINS`);
      continue;
    }
    pairs.set(origin, entry.slice(at + 1).trim());
  }
  return { pairs, problems };
}

/** The sites of these origins, with their sitemaps and post paths; problems name the bad entry. */
export function sitesOf(origins: string[], sitemaps: Map<string, string>, postPaths: Map<string, string>): { sites: SiteConfig[]; problems: string[] } {
  const problems: string[] = [];
  const sites: SiteConfig[] = [];
  for (const origin of origins) {
    const sitemapUrl = sitemaps.get(origin) ?? `${origin}${DEFAULT_SITEMAP_PATH}`;
    if (!/^https?:\/\//.test(sitemapUrl) || urlOf(sitemapUrl) === null) problems.push(`SITE_SITEMAPS: the sitemap of ${origin} must be an http(s) URL (got "${sitemapUrl}")`);
    const postPrefix = postPaths.get(origin) ?? DEFAULT_POST_PREFIX;
    if (!/^\/(?:[A-Za-z0-9._~-]+\/)*$/.test(postPrefix)) problems.push(`SITE_POST_PATHS: the post path of ${origin} must start and end with "/", e.g. /blog/ (got "${postPrefix}")`);
    const id = siteIdOf(origin);
    const twin = sites.find((site) => site.id === id);
    if (twin) problems.push(`ALLOWED_ORIGINS: ${twin.origin} and ${origin} are one site (${id}); list one of them`);
    sites.push({ id, origin, sitemapUrl, postPrefix });
  }
  return { sites, problems };
}

/** An origin as the browser sends it (scheme, host, port; no path), or null. */
export function originOf(value: string): string | null {
  const url = urlOf(value);
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url.origin : null;
}

export function urlOf(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
