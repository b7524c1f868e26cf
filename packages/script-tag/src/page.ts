import { postSlugOf } from "./config";

/** What a site marks for the script to fill: `data-live-readers="<kind>"`. */
export type MarkedKind = "online" | "reading-now" | "ranking" | "article";

export const marked = (kind: MarkedKind) => document.querySelectorAll<HTMLElement>(`[data-live-readers="${kind}"]`);

/** Sets an element's text only when it changes (a live region announces every write). */
export function paintText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** The posts this page links to, in the page's order (a home page lists them newest first): slug -> its title and address. */
export function sitePosts(prefix: string): Map<string, { title: string; href: string }> {
  const posts = new Map<string, { title: string; href: string }>();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("a[href]")) {
    if (link.origin !== location.origin || link.closest('[data-live-readers="ranking"]')) continue;
    const slug = postSlugOf(link.pathname, prefix);
    const title = link.textContent?.trim();
    if (slug && title && !posts.has(slug)) posts.set(slug, { title, href: link.pathname });
  }
  return posts;
}

/** The element whose scrolling is the post's reading progress: the one marked "article", else the page's <article>, <main> or body. */
export const postBody = (): Element => marked("article")[0] ?? document.querySelector("article") ?? document.querySelector("main") ?? document.body;
