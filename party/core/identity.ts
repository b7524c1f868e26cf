// Who a socket belongs to, as the worker's entry verified it before any object saw the
// request, and the socket's own id, which the entry assigns: nothing a client names is a key.
import { z } from "zod";

/** The header the entry sets for the Durable Objects; anything a client sends under this name is replaced. */
export const IDENTITY_HEADER = "x-live-readers-identity";

export const verifiedIdentitySchema = z.object({
  sessionId: z.string(),
  /** The browser session this one continues (its id changed at a sign-in or sign-out), verified. */
  continues: z.string().nullable().default(null),
  /** false for a socket that counts nowhere: a bot, an automated browser, an owner who excluded themself. */
  counted: z.boolean().default(true),
  user: z
    .object({
      id: z.string(),
      name: z.string(),
      image: z.string().nullable(),
      visible: z.boolean(),
      owner: z.boolean(),
      /** The person's privacy epoch when the token was issued: older ones are withdrawn when they hide or show. */
      epoch: z.number().int().nonnegative(),
      /** When the token expires (ms): the socket must be replaced with a fresh ticket by then. */
      expiresAt: z.number(),
    })
    .nullable(),
});
export type VerifiedIdentity = z.infer<typeof verifiedIdentitySchema>;
export type VerifiedUser = NonNullable<VerifiedIdentity["user"]>;

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

export function withIdentity(request: Request, identity: VerifiedIdentity | null): Request {
  const forwarded = new Request(request);
  forwarded.headers.delete(IDENTITY_HEADER);
  if (identity) forwarded.headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  return forwarded;
}

/** The header that says which site (party/config/sites.ts) a request is for, as the entry decided. */
export const SITE_HEADER = "x-live-readers-site";

export function withSite(request: Request, siteId: string): Request {
  const forwarded = new Request(request);
  forwarded.headers.set(SITE_HEADER, siteId);
  return forwarded;
}

/** The site the entry said a request is for (null for one that didn't pass the entry). */
export const siteFrom = (request: Request): string | null => request.headers.get(SITE_HEADER);

/**
 * PartyServer takes a socket's id from its `_pk` query parameter, which PartySocket fills in
 * and reuses across reconnects. The entry overwrites it with a fresh id of its own, so every
 * socket is its own, and the objects refuse any id not of this form.
 */
export const CONNECTION_ID_PARAM = "_pk";
const CONNECTION_ID = /^c-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const newConnectionId = () => `c-${crypto.randomUUID()}`;
export const isServerConnectionId = (id: string) => CONNECTION_ID.test(id);
