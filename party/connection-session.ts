import { sessionIdSchema } from "./protocol";

/** The browser session id a socket was opened with (`?sid=`), or null when absent or malformed. */
export function sessionIdFromUrl(url: string): string | null {
  const parsed = sessionIdSchema.safeParse(new URL(url).searchParams.get("sid"));
  return parsed.success ? parsed.data : null;
}
