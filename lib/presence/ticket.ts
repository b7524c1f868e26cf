import "server-only";
import { SignJWT } from "jose";
import { nanoid } from "nanoid";
import {
  type PresenceTicket,
  PRESENCE_TOKEN_AUDIENCE,
  PRESENCE_TOKEN_ISSUER,
  PRESENCE_TOKEN_MAX_AGE_SECONDS,
  type PresenceTokenClaims,
  signSessionId,
  verifySignedSessionId,
} from "../../party/protocol";

export interface TicketHolder {
  /** The signed session id from the browser's cookie, if any. */
  signedSessionId: string | undefined;
  /** The signed-in person, if any, with their "show me as online" choice. */
  user: TicketUser | null;
}

/** A signed-in reader as the presence token carries them; `showOnline: false` keeps them anonymous to others. */
export interface TicketUser {
  id: string;
  name: string;
  image: string | null;
  showOnline: boolean;
}

/**
 * A presence ticket: the browser's signed session id (a new one when the cookie is
 * missing or forged) and, for signed-in people, a short-lived presence token. The worker
 * checks both at connect; it never believes a user id the client merely sends.
 */
export async function issueTicket(secret: string, holder: TicketHolder): Promise<PresenceTicket> {
  const existing = await verifySignedSessionId(secret, holder.signedSessionId);
  const sid = existing ? holder.signedSessionId! : await signSessionId(secret, nanoid(24));
  const token = holder.user ? await mintPresenceToken(secret, holder.user) : null;
  return { sid, token };
}

export async function mintPresenceToken(secret: string, user: TicketUser): Promise<string> {
  const claims: Omit<PresenceTokenClaims, "sub"> = {
    name: user.name.slice(0, 100),
    picture: user.image,
    visible: user.showOnline,
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
