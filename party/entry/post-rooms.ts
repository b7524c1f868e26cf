import { isPostOf } from "../catalog/site-posts";
import type { Settings } from "../config/settings";
import { roomNameOf, type SiteConfig } from "../config/sites";

/**
 * The entry's room rule: a post's room is `<slug>@<site>`, and it exists once the site's
 * catalog lists the slug (party/catalog/). Returns the room's name, or null for a room that is no
 * post of the site. Asked before any Article object is named, so a made-up room never creates one.
 */
export async function postRoomOf(env: Env, site: SiteConfig, slug: string): Promise<string | null> {
  return (await isPostOf(env, site, slug)) ? roomNameOf(site, slug) : null;
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
