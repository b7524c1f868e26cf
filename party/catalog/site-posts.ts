import type { SiteConfig } from "../config/sites";

/** A post known to exist is believed this long in an isolate, without asking its site's catalog again. */
const KNOWN_FOR_MS = 60_000;
/** Posts one isolate remembers (past this it starts over: a memory bound, not a rule). */
const MAX_REMEMBERED = 10_000;

const known = new Map<string, number>();
const keyOf = (site: SiteConfig, slug: string) => `${site.id} ${slug}`;

/** Whether this isolate learned lately that the site has this post (no call, no wait). */
export function isKnownPostOf(site: SiteConfig, slug: string): boolean {
  return (known.get(keyOf(site, slug)) ?? 0) > Date.now();
}

/**
 * Whether the site has this post, as its catalog (post-catalog.ts: its sitemap, read again on a
 * miss at a bounded rate) says. A yes is remembered in the isolate for a minute; a no is never
 * remembered here, so a post published a moment ago is found at the catalog's next read.
 */
export async function isPostOf(env: Env, site: SiteConfig, slug: string): Promise<boolean> {
  if (isKnownPostOf(site, slug)) return true;
  if (!(await env.PostCatalog.getByName(site.id).hasPost(site.id, slug))) return false;
  if (known.size >= MAX_REMEMBERED) known.clear();
  known.set(keyOf(site, slug), Date.now() + KNOWN_FOR_MS);
  return true;
}
