import "server-only";
import { SignJWT } from "jose";
import type { PresenceTicket } from "../../party/shared/protocol";
import { cleanDisplayName } from "../../party/shared/display-name";
import {
  PRESENCE_TOKEN_AUDIENCE,
  PRESENCE_TOKEN_ISSUER,
  PRESENCE_TOKEN_MAX_AGE_SECONDS,
  type PresenceTokenClaims,
} from "../../party/shared/tickets";

/** A signed-in reader as the presence token carries them; `showOnline: false` keeps them anonymous to others. */
export interface TicketUser {
  id: string;
  name: string;
  image: string | null;
  showOnline: boolean;
  /** Their privacy epoch: grows with each hide/show, so tokens minted before it are refused. */
  epoch?: number;
  /** One of the blog's owners. */
  owner?: boolean;
  /** An owner who chose not to count in their blog's figures. */
  uncounted?: boolean;
}

/**
 * A presence ticket: the browser's signed session id and, for signed-in people, a short-lived
 * presence token bound to that session. The worker checks both at connect; it never believes
 * a user id the client merely sends.
 */
export async function issueTicket(secret: string, signedSessionId: string, user: TicketUser | null): Promise<PresenceTicket> {
  const sessionId = signedSessionId.slice(0, signedSessionId.lastIndexOf("."));
  return { sid: signedSessionId, token: user ? await mintPresenceToken(secret, user, sessionId) : null };
}

export async function mintPresenceToken(secret: string, user: TicketUser, sessionId: string): Promise<string> {
  const claims: Omit<PresenceTokenClaims, "sub"> = {
    sid: sessionId,
    name: cleanDisplayName(user.name) || "Reader",
    picture: user.image,
    visible: user.showOnline,
    epoch: user.epoch ?? 0,
    ...(user.owner ? { owner: true } : {}),
    ...(user.owner && user.uncounted ? { uncounted: true } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(PRESENCE_TOKEN_ISSUER)
    .setAudience(PRESENCE_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${PRESENCE_TOKEN_MAX_AGE_SECONDS}s`)
    .sign(new TextEncoder().encode(secret));
}
