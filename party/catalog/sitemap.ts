// Which posts a site has, read from its sitemap (every blog engine publishes one). A sitemap is
// someone else's document: it is read with a timeout and a byte limit while it streams, only
// its own site's URLs under the post path count, and only so many of them.
import type { SiteConfig } from "../config/sites";
import { SLUG_PATTERN } from "../shared/wire-constants";

/** Bytes read from one site's sitemaps in one refresh, all of them together. */
export const MAX_SITEMAP_BYTES = 4 * 1024 * 1024;
/** Posts a site may have (more are ignored, in the sitemap's order). */
export const MAX_SITE_POSTS = 10_000;
/** A sitemap index (WordPress, Astro, Yoast…) is followed one level down, to this many sitemaps. */
export const MAX_CHILD_SITEMAPS = 8;
/** One refresh, every sitemap of it, takes at most this long. */
export const SITEMAP_TIMEOUT_MS = 5_000;
const MAX_SLUG_LENGTH = 120;

export class SitemapError extends Error {}

/** The slugs of the site's posts, as its sitemap lists them now; throws a SitemapError when it can't be read. */
export async function readSitemapSlugs(site: SiteConfig): Promise<string[]> {
  const budget = { bytes: MAX_SITEMAP_BYTES };
  const signal = AbortSignal.timeout(SITEMAP_TIMEOUT_MS);
  const first = await fetchLimited(site.sitemapUrl, budget, signal);
  const slugs = new Set<string>();
  if (/<sitemapindex[\s>]/.test(first)) {
    // One level down only, and only sitemaps next to the index: an index can't send the worker elsewhere.
    const indexOrigin = new URL(site.sitemapUrl).origin;
    const children = locsOf(first).filter((loc) => originOfLoc(loc) === indexOrigin).slice(0, MAX_CHILD_SITEMAPS);
    for (const child of children) addPostSlugs(slugs, await fetchLimited(child, budget, signal), site);
  } else {
    addPostSlugs(slugs, first, site);
  }
  return [...slugs];
}

/** The slug of a post's URL: a URL of this site under its post path, its last segment (a trailing "/" or ".html" aside). */
export function postSlugOf(loc: string, site: Pick<SiteConfig, "origin" | "postPrefix">): string | null {
  let url: URL;
  try {
    url = new URL(loc);
  } catch {
    return null;
  }
  if (url.origin !== site.origin || !url.pathname.startsWith(site.postPrefix)) return null;
  const segments = url.pathname.slice(site.postPrefix.length).split("/").filter(Boolean);
  const slug = segments.at(-1)?.replace(/\.html$/, "");
  return slug !== undefined && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug) ? slug : null;
}

function addPostSlugs(slugs: Set<string>, xml: string, site: SiteConfig): void {
  for (const loc of locsOf(xml)) {
    if (slugs.size >= MAX_SITE_POSTS) return;
    const slug = postSlugOf(loc, site);
    if (slug !== null) slugs.add(slug);
  }
}

const LOC = /<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]]*?)\s*(?:\]\]>)?\s*<\/loc>/g;
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };

function locsOf(xml: string): string[] {
  return [...xml.matchAll(LOC)].map((match) => match[1]!.replace(/&(?:amp|lt|gt|quot|apos);/g, (entity) => ENTITIES[entity]!));
}

function originOfLoc(loc: string): string | null {
  try {
    return new URL(loc).origin;
  } catch {
    return null;
  }
}

/** The body as text, read while it streams and given up past the budget (shared by an index and its sitemaps). */
async function fetchLimited(url: string, budget: { bytes: number }, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/xml, text/xml" } });
  } catch (error) {
    throw new SitemapError(`could not fetch ${url}: ${error instanceof Error ? error.message : "failed"}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new SitemapError(`${url} answered ${response.status}`);
  }
  const declared = Number(response.headers.get("Content-Length"));
  if (declared > budget.bytes) {
    await response.body.cancel();
    throw new SitemapError(`${url} is larger than ${MAX_SITEMAP_BYTES} bytes`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new SitemapError(`${url} stopped or took longer than ${SITEMAP_TIMEOUT_MS} ms`);
    });
    if (done) return text + decoder.decode();
    budget.bytes -= value.byteLength;
    if (budget.bytes < 0) {
      await reader.cancel();
      throw new SitemapError(`${url} is larger than ${MAX_SITEMAP_BYTES} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
}
