import { jwtVerify } from "jose";
import type { Settings } from "../config/settings";
import type { VerifiedIdentity, VerifiedUser } from "../core/identity";
import { lobbyOf } from "../lobby/address";
import { isKnownBot } from "../shared/bots";
import { cleanDisplayName } from "../shared/display-name";
import {
  MAX_PRESENCE_TOKEN_LENGTH,
  PRESENCE_TOKEN_AUDIENCE,
  PRESENCE_TOKEN_ISSUER,
  PRESENCE_TOKEN_MAX_AGE_SECONDS,
  presenceTokenClaimsSchema,
  verifyContinuation,
  verifySignedSessionId,
} from "../shared/tickets";
import { SOCKET_QUERY } from "../shared/protocol";

/** The token's person, or why it is refused. The token must be the app's, fresh, and issued to this very browser session. */
async function verifyToken(secret: string, token: string, sessionId: string): Promise<(VerifiedUser & { uncounted: boolean }) | null> {
  if (token.length > MAX_PRESENCE_TOKEN_LENGTH) return null;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      issuer: PRESENCE_TOKEN_ISSUER,
      audience: PRESENCE_TOKEN_AUDIENCE,
      maxTokenAge: PRESENCE_TOKEN_MAX_AGE_SECONDS,
      requiredClaims: ["exp", "iat", "sub"],
    });
    const claims = presenceTokenClaimsSchema.safeParse(payload);
    if (!claims.success || claims.data.sid !== sessionId || payload.exp === undefined) return null;
    const { sub, name, picture, visible, owner, uncounted, epoch } = claims.data;
    const user = { id: sub, name: cleanDisplayName(name) || "Reader", image: picture, visible, owner: owner === true, epoch, expiresAt: payload.exp * 1000 };
    return { ...user, uncounted: uncounted === true };
  } catch {
    return null;
  }
}

/**
 * Checks a socket's ticket: the session id must carry the app's signature; a token, when
 * present, must be a valid presence token for that session that the app hasn't withdrawn
 * (the person hid, or signed out of that browser, since). No token: an anonymous reader.
 * Returns the verified identity, or the 401 refusal.
 */
export async function authenticateSocket(request: Request, url: URL, env: Env, settings: Settings): Promise<VerifiedIdentity | Response> {
  const sessionId = await verifySignedSessionId(settings.secret, url.searchParams.get("sid"));
  if (!sessionId) return unauthorized("Invalid session id");
  // A continuation that doesn't check out is simply not one: the socket is its own session.
  const continues = await verifyContinuation(settings.secret, url.searchParams.get(SOCKET_QUERY.continues), sessionId);
  // Bots and automated browsers (by their own word, or their User-Agent) watch; they don't count.
  const watching = url.searchParams.get(SOCKET_QUERY.watch) === "1" || isKnownBot(request.headers.get("User-Agent"));
  const token = url.searchParams.get("token");
  if (token === null || token === "") return { sessionId, continues, counted: !watching, user: null };
  const verified = await verifyToken(settings.secret, token, sessionId);
  if (!verified) return unauthorized("Invalid presence token");
  const { uncounted, ...user } = verified;
  const withdrawn = await (await lobbyOf(env)).isWithdrawn({ userId: user.id, epoch: user.epoch, sessionId });
  if (withdrawn) return unauthorized("Presence token withdrawn; fetch a new ticket");
  return { sessionId, continues, counted: !watching && !uncounted, user };
}

/** For plain HTTP reads: the asking session if its signed id checks out, never a refusal. */
export async function identifyViewer(url: URL, settings: Settings): Promise<VerifiedIdentity | null> {
  const sessionId = await verifySignedSessionId(settings.secret, url.searchParams.get("sid"));
  return sessionId ? { sessionId, continues: null, counted: false, user: null } : null;
}

function unauthorized(message: string): Response {
  return new Response(message, { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
