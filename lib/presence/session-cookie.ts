import "server-only";
import { nanoid } from "nanoid";
import { presenceSecret } from "@/lib/env";
import { SESSION_COOKIE } from "@/lib/public-env";
import { signSessionId } from "@/party/protocol";

const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

/** How the browser session cookie is set, wherever it is set (proxy and ticket route). */
export const sessionCookieOptions = () => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: process.env.NODE_ENV === "production" && !process.env.SITE_URL?.startsWith("http://"),
  path: "/",
  maxAge: ONE_YEAR_SECONDS,
});

/** A new browser session id, signed so the worker can tell it was issued here. */
export const newSignedSessionId = () => signSessionId(presenceSecret(), nanoid(24));

export { SESSION_COOKIE };
