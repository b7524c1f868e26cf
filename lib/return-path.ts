// Where sign-in sends a person back to: a path of this blog, never another site. One rule for
// the proxy (which names the page it sent away) and the sign-in page (which goes back to it).

/** The query parameter that carries the way back, as Auth.js names it on its own pages. */
export const RETURN_PARAM = "callbackUrl";

const MAX_LENGTH = 2048;
const ORIGIN = "http://return.invalid";

/**
 * The path itself when `value` is a same-origin relative path ("/desk", "/posts/x?y#z"), else
 * null: absolute URLs, protocol-relative "//evil", "/\evil" (browsers read it as "//evil"),
 * control characters, anything overlong, and /signin itself (a way back that goes nowhere).
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN || url.pathname === "/signin" || url.pathname.startsWith("/api/")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** /signin, with the way back to `path` when it is one. */
export function signInPath(path: string): string {
  const back = safeReturnPath(path);
  return back && back !== "/" ? `/signin?${new URLSearchParams({ [RETURN_PARAM]: back })}` : "/signin";
}
