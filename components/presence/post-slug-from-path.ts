/** What follows a blog's post prefix in a post's path: its slug, and an optional trailing slash. */
export const POST_SLUG_IN_PATH = /^([a-z0-9-]+)\/?$/;

/**
 * The post a path shows, for a blog whose posts live at `<prefix><slug>` (e.g. "/posts/"),
 * or null on any other page.
 */
export function postSlugFromPath(pathname: string, prefix: string): string | null {
  if (!pathname.startsWith(prefix)) return null;
  const match = POST_SLUG_IN_PATH.exec(pathname.slice(prefix.length));
  return match?.[1] ?? null;
}
