import { SignJWT } from "jose";
import { PRESENCE_TOKEN_AUDIENCE, PRESENCE_TOKEN_ISSUER } from "@/party/shared/tickets";
import { E2E_PRESENCE_SECRET } from "./ports";

export interface TokenOptions {
  /** The signed session id (or the bare id) the token is issued to. */
  sid: string;
  sub?: string;
  name?: string;
  visible?: boolean;
  epoch?: number;
  secret?: string;
  expiresInSeconds?: number;
}

/** A presence token as the app mints it, bound to one browser session, every part overridable. */
export async function presenceToken(options: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const sid = options.sid.includes(".") ? options.sid.slice(0, options.sid.lastIndexOf(".")) : options.sid;
  return new SignJWT({ sid, name: options.name ?? "Ada Lovelace", picture: null, visible: options.visible ?? true, epoch: options.epoch ?? 0 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.sub ?? "seed-ada")
    .setIssuer(PRESENCE_TOKEN_ISSUER)
    .setAudience(PRESENCE_TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? E2E_PRESENCE_SECRET));
}
