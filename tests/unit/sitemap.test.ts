// Reading a site's sitemap, which is someone else's document: only its own posts count, and
// nothing it sends (its size, its length, an index pointing elsewhere) costs more than a bound.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_CHILD_SITEMAPS, MAX_SITE_POSTS, MAX_SITEMAP_BYTES, postSlugOf, readSitemapSlugs, SitemapError } from "@/party/catalog/sitemap";
import type { SiteConfig } from "@/party/config/sites";

const SITE: SiteConfig = { id: "blog.example.com", origin: "https://blog.example.com", sitemapUrl: "https://blog.example.com/sitemap.xml", postPrefix: "/posts/" };
const urlset = (locs: string[]) => `<?xml version="1.0"?><urlset>${locs.map((loc) => `<url><loc>${loc}</loc></url>`).join("")}</urlset>`;

/** The site's server: each URL's body, and which URLs were asked for. */
function serve(bodies: Record<string, string | (() => Response)>): string[] {
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (input: string) => {
    asked.push(input);
    const body = bodies[input];
    if (body === undefined) return new Response("not found", { status: 404 });
    return typeof body === "function" ? body() : new Response(body);
  });
  return asked;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("which URLs are posts", () => {
  it.each([
    ["https://blog.example.com/posts/hello-world", "hello-world"],
    ["https://blog.example.com/posts/hello-world/", "hello-world"],
    ["https://blog.example.com/posts/2024/05/hello-world.html", "hello-world"],
    ["https://blog.example.com/posts/", null],
    ["https://blog.example.com/about", null],
    ["https://evil.example/posts/hello-world", null],
    ["http://blog.example.com/posts/hello-world", null],
    ["https://blog.example.com/posts/Hello_World", null],
    ["https://blog.example.com/posts/__proto__", null],
    [`https://blog.example.com/posts/${"a".repeat(121)}`, null],
    ["not a url", null],
  ])("%s → %s", (loc, slug) => {
    expect(postSlugOf(loc, SITE)).toBe(slug);
  });
});

describe("reading a sitemap", () => {
  it("lists the site's posts once each, entities and CDATA read, other pages and other sites' URLs left out", async () => {
    serve({
      [SITE.sitemapUrl]: urlset([
        "https://blog.example.com/",
        "https://blog.example.com/posts/one?ref=a&amp;b=c",
        "<![CDATA[https://blog.example.com/posts/two]]>",
        "https://blog.example.com/posts/one/",
        "https://attacker.example/posts/planted",
      ]),
    });
    expect(await readSitemapSlugs(SITE)).toEqual(["one", "two"]);
  });

  it("keeps at most MAX_SITE_POSTS posts", async () => {
    serve({ [SITE.sitemapUrl]: urlset(Array.from({ length: MAX_SITE_POSTS + 500 }, (_, i) => `https://blog.example.com/posts/p${i}`)) });
    expect(await readSitemapSlugs(SITE)).toHaveLength(MAX_SITE_POSTS);
  });

  it("stops reading an endless sitemap at MAX_SITEMAP_BYTES, while it streams", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`<url><loc>https://blog.example.com/posts/x</loc></url>`.padEnd(64 * 1024, " "));
    serve({
      [SITE.sitemapUrl]: () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled += chunk.byteLength;
              controller.enqueue(chunk);
            },
          }),
        ),
    });
    await expect(readSitemapSlugs(SITE)).rejects.toThrow(SitemapError);
    expect(pulled).toBeLessThan(MAX_SITEMAP_BYTES + 4 * chunk.byteLength);
  });

  it("refuses a sitemap that says it is too large without reading it, and one that isn't there", async () => {
    serve({ [SITE.sitemapUrl]: () => new Response("x", { headers: { "Content-Length": String(MAX_SITEMAP_BYTES + 1) } }) });
    await expect(readSitemapSlugs(SITE)).rejects.toThrow(/larger than/);
    serve({});
    await expect(readSitemapSlugs(SITE)).rejects.toThrow(/answered 404/);
  });

  it("follows a sitemap index one level down, only to sitemaps of its own origin, at most MAX_CHILD_SITEMAPS of them", async () => {
    const children = Array.from({ length: MAX_CHILD_SITEMAPS + 2 }, (_, i) => `https://blog.example.com/sitemap-${i}.xml`);
    const asked = serve({
      [SITE.sitemapUrl]: `<sitemapindex>${["https://attacker.example/huge.xml", ...children].map((loc) => `<sitemap><loc>${loc}</loc></sitemap>`).join("")}</sitemapindex>`,
      ...Object.fromEntries(children.map((child, i) => [child, urlset([`https://blog.example.com/posts/post-${i}`])])),
    });
    expect(await readSitemapSlugs(SITE)).toEqual(Array.from({ length: MAX_CHILD_SITEMAPS }, (_, i) => `post-${i}`));
    expect(asked).not.toContain("https://attacker.example/huge.xml");
    expect(asked).toHaveLength(1 + MAX_CHILD_SITEMAPS);
  });
});
