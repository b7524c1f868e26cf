// What the worker reaches outside workerd in the tests (miniflare's outbound service, run in
// Node): the app's sitemap, listing this blog's posts; other sites' sitemaps as a test sets
// them; and "ok" for everything else (the app's last-seen route, the owner's webhook). A test
// sets a sitemap, and reads how often the worker fetched it, through SITEMAP_CONTROL.
export const SITEMAP_CONTROL = "http://sitemaps.control/";

export const sitemapXml = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((url) => `  <url><loc>${url}</loc></url>`).join("\n")}\n</urlset>\n`;

/** The outbound service: the app at `appOrigin` lists `appPosts` (the slugs of content/posts) in its sitemap. */
export function testOutbound(appOrigin: string, appPosts: string[]): (request: Request) => Promise<Response> {
  const appSitemap = sitemapXml([`${appOrigin}/`, ...appPosts.map((slug) => `${appOrigin}/posts/${slug}`)]);
  const sitemaps = new Map<string, string>([[`${appOrigin}/sitemap.xml`, appSitemap]]);
  const fetches = new Map<string, number>();
  return async (request) => {
    const url = new URL(request.url);
    if (url.href.startsWith(SITEMAP_CONTROL)) {
      const target = url.searchParams.get("url") ?? "";
      if (request.method === "PUT") sitemaps.set(target, await request.text());
      return Response.json({ fetches: fetches.get(target) ?? 0 });
    }
    const sitemap = sitemaps.get(url.href);
    if (sitemap === undefined) return new Response("ok");
    fetches.set(url.href, (fetches.get(url.href) ?? 0) + 1);
    return new Response(sitemap, { headers: { "Content-Type": "application/xml" } });
  };
}
