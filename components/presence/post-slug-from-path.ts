/**
 * The post a path shows, for a blog whose posts live at `<prefix><slug>` (e.g. "/posts/"),
 * or null on any other page.
 */
export function postSlugFromPath(pathname: string, prefix: string): string | null {
  if (!pathname.startsWith(prefix)) return null;
  const match = /^([a-z0-9-]+)\/?$/.exec(pathname.slice(prefix.length));
  return match?.[1] ?? null;
}
