import { SignJWT } from "jose";
import { PRESENCE_TOKEN_AUDIENCE, PRESENCE_TOKEN_ISSUER } from "@/party/protocol";
import { E2E_PRESENCE_SECRET } from "./ports";

export interface TokenOptions {
  sub?: string;
  name?: string;
  visible?: boolean;
  secret?: string;
  issuer?: string;
  audience?: string;
  issuedAtSecondsAgo?: number;
  expiresInSeconds?: number;
}

/** A presence token as the app mints it, with every part overridable to forge bad ones. */
export async function presenceToken(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: options.name ?? "Ada Lovelace", picture: null, visible: options.visible ?? true })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.sub ?? "seed-ada")
    .setIssuer(options.issuer ?? PRESENCE_TOKEN_ISSUER)
    .setAudience(options.audience ?? PRESENCE_TOKEN_AUDIENCE)
    .setIssuedAt(now - (options.issuedAtSecondsAgo ?? 0))
    .setExpirationTime(now + (options.expiresInSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? E2E_PRESENCE_SECRET));
}

/** An unsigned token (`alg: none`) claiming to be someone. */
export function unsignedToken(sub = "seed-ada"): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, name: "Ada", picture: null, visible: true, iss: PRESENCE_TOKEN_ISSUER, aud: PRESENCE_TOKEN_AUDIENCE, iat: now, exp: now + 300 };
  return `${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.`;
}
