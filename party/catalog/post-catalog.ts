import { DurableObject } from "cloudflare:workers";
import { settingsOf } from "../config/settings";
import { SLUG_PATTERN } from "../shared/wire-constants";
import { readSitemapSlugs, SitemapError } from "./sitemap";

const POSTS_KEY = "posts";
const READ_AT_KEY = "read-at";
const READS_KEY = "reads";

/**
 * One per site (named by the site's id): which posts the site has, as its sitemap said when last
 * read. Every isolate of the worker asks this one object, so a site's sitemap is read at most
 * once per SITEMAP_REFRESH_MIN_MS however many made-up rooms are asked for, and only when a
 * room isn't listed (a new post). What it learned is kept in storage, and so is when it last
 * read, so an eviction neither forgets the posts nor resets the bound.
 */
export class PostCatalog extends DurableObject<Env> {
  private readonly settings = settingsOf(this.env);
  private posts = new Set<string>();
  private readAt = 0;
  private reads = 0;
  /** The read under way: every miss meanwhile waits for it instead of starting another. */
  private reading: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get([POSTS_KEY, READ_AT_KEY, READS_KEY]);
      this.posts = new Set((stored.get(POSTS_KEY) as string[] | undefined) ?? []);
      this.readAt = (stored.get(READ_AT_KEY) as number | undefined) ?? 0;
      this.reads = (stored.get(READS_KEY) as number | undefined) ?? 0;
    });
  }

  /** RPC from the entry: is this a post of the site? A miss reads the sitemap again, if it wasn't read too lately. */
  async hasPost(siteId: string, slug: string): Promise<boolean> {
    if (this.posts.has(slug)) return true;
    const site = this.settings.sites.find((candidate) => candidate.id === siteId);
    if (!site || !SLUG_PATTERN.test(slug)) return false;
    if (!this.reading) {
      if (Date.now() - this.readAt < this.settings.sitemapRefreshMs) return false;
      this.reading = this.read(site).finally(() => {
        this.reading = null;
      });
    }
    await this.reading;
    return this.posts.has(slug);
  }

  private async read(site: (typeof this.settings.sites)[number]): Promise<void> {
    this.readAt = Date.now();
    this.reads++;
    await this.ctx.storage.put({ [READ_AT_KEY]: this.readAt, [READS_KEY]: this.reads });
    try {
      this.posts = new Set(await readSitemapSlugs(site));
      await this.ctx.storage.put(POSTS_KEY, [...this.posts]);
    } catch (error) {
      // The site is down or its sitemap is bad: the posts known so far stay known.
      if (!(error instanceof SitemapError)) throw error;
      console.warn(`post catalog of ${site.id}: ${error.message}`);
    }
  }
}
