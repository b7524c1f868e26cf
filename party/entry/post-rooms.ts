import { roomNameOf, type SiteConfig } from "../config/sites";
import type { Settings } from "../config/settings";

/** A post known to exist is believed this long in an isolate, without asking its site's catalog again. */
const KNOWN_FOR_MS = 60_000;
/** Posts one isolate remembers (past this it starts over: a memory bound, not a rule). */
const MAX_REMEMBERED = 10_000;

const known = new Map<string, number>();

/**
 * The entry's room rule: a post's room is `<slug>@<site>`, and it exists once the site's
 * catalog (party/catalog/post-catalog.ts: its sitemap, read on a miss at a bounded rate) lists
 * the slug. Returns the room's name, or null for a room that is no post of the site. Asked
 * before any Article object is named, so a made-up room never creates one.
 */
export async function postRoomOf(env: Env, site: SiteConfig, slug: string): Promise<string | null> {
  const name = roomNameOf(site, slug);
  const now = Date.now();
  if ((known.get(name) ?? 0) > now) return name;
  if (!(await env.PostCatalog.getByName(site.id).hasPost(site.id, slug))) return null;
  if (known.size >= MAX_REMEMBERED) known.clear();
  known.set(name, now + KNOWN_FOR_MS);
  return name;
}

/**
 * Which site a request is for: the site of its Origin (a browser always sends one with a
 * socket, and the entry refused it already if it is no site's); without one (the app's server,
 * a script), the app's own site.
 */
export function siteOfRequest(request: Request, settings: Settings): SiteConfig {
  const origin = request.headers.get("Origin");
  return settings.sites.find((site) => site.origin === origin) ?? settings.homeSite;
}
