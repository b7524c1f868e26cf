import "server-only";
import { nanoid } from "nanoid";
import { signSessionId } from "../../party/protocol";

/** The cookie that holds the browser's signed session id, shared by its tabs and read for first-paint counts. */
export const SESSION_COOKIE = "lr_sid";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** How the browser session cookie is set, wherever it is set (proxy and ticket route). */
export const sessionCookieOptions = () => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: process.env.NODE_ENV === "production" && !process.env.SITE_URL?.startsWith("http://"),
  path: "/",
  maxAge: ONE_YEAR_SECONDS,
});

/** A new browser session id, signed with the presence secret so the worker can tell it was issued here. */
export const newSignedSessionId = (secret: string) => signSessionId(secret, nanoid(24));
