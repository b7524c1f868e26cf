// How readers appear on a post's rail. A visible signed-in person appears as themself, the
// same on every visit. Everyone else (signed out, or hidden) gets a made-up look that is
// drawn at random when their visit to the post begins and kept for that visit only: nothing
// in it is derived from who they are, so no two visits, no two posts and no sign-in can be
// tied together by it.
import { base64url } from "jose";
import type { VerifiedUser } from "../core/identity";
import { madeUpName } from "../core/made-up-names";

/** What others see of a reader. `id` is public: a random token, or a hash for visible people. */
export interface Look {
  id: string;
  label: string;
  color: string;
  image: string | null;
}

/**
 * How a socket wants to appear. `kind` is whose look it is: "anonymous", or the visible
 * person's id. `alias` is a visible person's made-up look for viewers the owner doesn't let
 * see names (ONLINE_LIST_AUDIENCE=signed-in).
 */
export interface Appearance {
  kind: string;
  look: Look;
  alias: Look | null;
}

export const ANONYMOUS = "anonymous";

const hue = (high: number, low: number) => `hsl(${((high << 8) + low) % 360} 70% 45%)`;

/** A fresh made-up look, from the platform's CSPRNG. */
export function randomLook(): Look {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const at = (index: number) => bytes[index] ?? 0;
  return {
    id: base64url.encode(bytes.subarray(4, 16)),
    label: madeUpName(bytes.subarray(0, 2)),
    color: hue(at(2), at(3)),
    image: null,
  };
}

/** A visible person's look: their name and avatar, under an id that is the same on every visit. */
export async function namedLook(user: Pick<VerifiedUser, "id" | "name" | "image">): Promise<Look> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`user:${user.id}`)));
  return { id: `u-${base64url.encode(digest.subarray(4, 16))}`, label: user.name, color: hue(digest[2] ?? 0, digest[3] ?? 0), image: user.image };
}

/** How a socket of this identity wants to appear (a made-up look is drawn fresh; the room keeps a visit's). */
export async function appearanceOf(user: VerifiedUser | null, audience: "public" | "signed-in"): Promise<Appearance> {
  if (!user?.visible) return { kind: ANONYMOUS, look: randomLook(), alias: null };
  return { kind: user.id, look: await namedLook(user), alias: audience === "signed-in" ? randomLook() : null };
}
