import type { VerifiedIdentity } from "./verified-identity";
import type { GroupIdentity } from "./presence-groups";
import { hmac } from "./protocol";
import { sessionKey, userKey } from "./reader-index";

const ADJECTIVES = [
  "Curious", "Quiet", "Bright", "Gentle", "Swift", "Patient", "Bold", "Calm",
  "Clever", "Cheerful", "Keen", "Lucky", "Merry", "Nimble", "Sunny", "Witty",
] as const;
const ANIMALS = [
  "Otter", "Heron", "Fox", "Lynx", "Panda", "Owl", "Badger", "Dolphin",
  "Falcon", "Koala", "Marten", "Puffin", "Raven", "Seal", "Tapir", "Wren",
] as const;

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function colorOf(digest: Uint8Array): string {
  return `hsl(${(((digest[2] ?? 0) << 8) + (digest[3] ?? 0)) % 360} 70% 45%)`;
}

/**
 * A stable, friendly identity for an anonymous browser session: same session, same
 * label and colour across reloads. The public id is a hash, so nobody learns the session id.
 */
export async function anonymousIdentity(sessionId: string, key = sessionKey(sessionId)): Promise<GroupIdentity> {
  const digest = await sha256(`reader:${sessionId}`);
  const adjective = ADJECTIVES[(digest[0] ?? 0) % ADJECTIVES.length];
  const animal = ANIMALS[(digest[1] ?? 0) % ANIMALS.length];
  return { key, id: toBase64Url(digest.subarray(4, 16)), label: `${adjective} ${animal}`, color: colorOf(digest), image: null };
}

/**
 * How a connection's reader appears to others. Signed-in people are one reader across
 * devices. Those who chose to hide are never named: they get an anonymous look of their
 * own, derived with the secret, so it can't be computed from their public user id, and
 * it is not their browser's signed-out look, which would link their anonymous visits to them.
 */
export async function readerIdentity({ sessionId, user }: VerifiedIdentity, secret: string): Promise<GroupIdentity> {
  if (!user) return anonymousIdentity(sessionId);
  if (!user.visible) return anonymousIdentity(await hmac(secret, `hidden:${user.id}`), userKey(user.id));
  const digest = await sha256(`user:${user.id}`);
  return { key: userKey(user.id), id: `u-${toBase64Url(digest.subarray(4, 16))}`, label: user.name, color: colorOf(digest), image: user.image };
}
