import { SLUG_PATTERN } from "../../../party/shared/wire-constants";
import { SCRIPT_TAG_PATHS } from "../../../party/shared/script-ticket";
import { DEFAULT_POST_PATH_PREFIX } from "../../../hooks/early-presence";

/** What the site's `<script>` tag says, and what the page is. */
export interface ScriptTagConfig {
  /** The presence worker's host[:port], taken from the script's own URL. */
  host: string;
  /** The worker's ticket route. */
  ticketUrl: string;
  /** Where the site's posts live (`data-posts`, "/posts/" unless said). */
  postsPrefix: string;
  /** The post this page shows, or null (any other page). */
  post: string | null;
  /** `data-rail="off"`: no reading rail on posts. */
  rail: boolean;
  /** `data-token-url`: the site's own route that mints a presence token for a signed-in reader (see docs/embedding.md), or null. */
  tokenUrl: string | null;
}

/** A page's file name, as static site generators write it, is not part of a post's slug. */
const PAGE_FILE = /(?:(?:^|\/)index)?\.html?$/;

/**
 * The post a path shows: the last segment of a path under the posts prefix, without ".html" or
 * a trailing slash ("/posts/2024/my-post/" and "/posts/my-post.html" are both "my-post"), or null.
 */
export function postSlugOf(pathname: string, prefix: string): string | null {
  if (!pathname.startsWith(prefix)) return null;
  const rest = pathname.slice(prefix.length).replace(PAGE_FILE, "").replace(/\/$/, "");
  const slug = rest.slice(rest.lastIndexOf("/") + 1);
  return SLUG_PATTERN.test(slug) ? slug : null;
}

/** An explicit `data-post` (on the script tag, or on the post's `data-live-readers="article"` element) wins over the path. */
function explicitPost(script: HTMLScriptElement): string | null {
  const named = script.dataset.post ?? document.querySelector<HTMLElement>('[data-live-readers="article"][data-post]')?.dataset.post;
  return named !== undefined && SLUG_PATTERN.test(named) ? named : null;
}

export function readConfig(script: HTMLScriptElement): ScriptTagConfig {
  const source = new URL(script.src, location.href);
  const postsPrefix = script.dataset.posts || DEFAULT_POST_PATH_PREFIX;
  return {
    host: source.host,
    ticketUrl: new URL(SCRIPT_TAG_PATHS.ticket, source).href,
    postsPrefix,
    post: explicitPost(script) ?? postSlugOf(location.pathname, postsPrefix),
    rail: script.dataset.rail !== "off",
    tokenUrl: script.dataset.tokenUrl ? new URL(script.dataset.tokenUrl, location.href).href : null,
  };
}
