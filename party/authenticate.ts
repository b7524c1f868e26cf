import { jwtVerify } from "jose";
import type { Env } from "./env";
import {
  PRESENCE_TOKEN_AUDIENCE,
  PRESENCE_TOKEN_ISSUER,
  PRESENCE_TOKEN_MAX_AGE_SECONDS,
  presenceTokenClaimsSchema,
  verifySignedSessionId,
} from "./protocol";
import { type VerifiedIdentity, verifiedIdentitySchema } from "./verified-identity";

export type { VerifiedIdentity };



/** The header the entry sets for the Durable Objects; anything a client sends under this name is replaced. */
export const IDENTITY_HEADER = "x-live-readers-identity";

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

async function verifyToken(secret: string, token: string): Promise<VerifiedIdentity["user"] | "invalid"> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      issuer: PRESENCE_TOKEN_ISSUER,
      audience: PRESENCE_TOKEN_AUDIENCE,
      maxTokenAge: PRESENCE_TOKEN_MAX_AGE_SECONDS,
      requiredClaims: ["exp", "iat", "sub"],
    });
    const claims = presenceTokenClaimsSchema.safeParse(payload);
    if (!claims.success) return "invalid";
    const { sub, name, picture, visible } = claims.data;
    return { id: sub, name, image: picture, visible };
  } catch {
    return "invalid";
  }
}

/**
 * Checks a socket's ticket: the session id must carry the app's signature (401 if
 * not); a token, when present, must be a valid presence token (401 if not); no
 * token means an anonymous reader. Returns the request to forward, with the
 * verified identity attached, or the refusal.
 */
export async function authenticateSocket(request: Request, env: Env): Promise<Request | Response> {
  if (!env.PRESENCE_SECRET) return refuse(500, "The presence worker has no PRESENCE_SECRET configured");
  const url = new URL(request.url);
  const sessionId = await verifySignedSessionId(env.PRESENCE_SECRET, url.searchParams.get("sid"));
  if (!sessionId) return refuse(401, "Invalid session id");
  const token = url.searchParams.get("token");
  const user = token ? await verifyToken(env.PRESENCE_SECRET, token) : null;
  if (user === "invalid") return refuse(401, "Invalid presence token");
  return withIdentity(request, { sessionId, user });
}

/** For plain HTTP reads: attaches the asking session if its signed id checks out, never refuses. */
export async function identifyViewer(request: Request, env: Env): Promise<Request> {
  const signed = new URL(request.url).searchParams.get("sid");
  const sessionId = env.PRESENCE_SECRET ? await verifySignedSessionId(env.PRESENCE_SECRET, signed) : null;
  return withIdentity(request, sessionId ? { sessionId, user: null } : null);
}

function withIdentity(request: Request, identity: VerifiedIdentity | null): Request {
  const forwarded = new Request(request);
  forwarded.headers.delete(IDENTITY_HEADER);
  if (identity) forwarded.headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  return forwarded;
}

/** Reads the identity the entry attached. Only the entry can set it, so it is trusted here. */
export function identityFrom(request: Request): VerifiedIdentity | null {
  const header = request.headers.get(IDENTITY_HEADER);
  if (!header) return null;
  try {
    const parsed = verifiedIdentitySchema.safeParse(JSON.parse(header));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
