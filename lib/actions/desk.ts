"use server";
import { auth } from "@/auth";
import { setExcludeFromStats } from "@/lib/data/users";
import { authorStatusInputSchema, sendAuthorStatus } from "@/lib/presence/desk";
import { cleanDisplayName } from "@/party/shared/display-name";
import type { AuthorStatus } from "@/party/shared/protocol";

type Result = { ok: true } | { error: string };

const NOT_OWNER = { error: "Only the blog's owners can do this." } as const;

async function ownerId(): Promise<string | null> {
  const user = (await auth())?.user;
  return user?.owner ? user.id : null;
}

const TEXTS: Record<Exclude<AuthorStatus["kind"], "custom">, string> = { writing: "is writing", reading: "is reading", away: "is away" };

/** The author's status on every reader's header, until it expires. Owners only. */
export async function setAuthorStatusAction(input: unknown): Promise<Result> {
  if (!(await ownerId())) return NOT_OWNER;
  const parsed = authorStatusInputSchema.safeParse(input);
  if (!parsed.success) return { error: "Pick a status and how long it lasts (a minute to a week)." };
  const { kind, text, emoji, forMinutes } = parsed.data;
  const until = Date.now() + forMinutes * 60_000;
  const custom = cleanDisplayName(text ?? "").slice(0, 60);
  if (kind === "custom" && !custom) return { error: "Say something for a status of your own." };
  const said = kind === "custom" ? custom : kind === "away" && custom ? `is away ${custom}` : TEXTS[kind];
  const status: AuthorStatus = { kind, text: said, emoji: emoji ? cleanDisplayName(emoji).slice(0, 8) || null : null, until };
  return (await sendAuthorStatus(status)) ? { ok: true } : { error: "The live service can't be reached; try again in a moment." };
}

export async function clearAuthorStatusAction(): Promise<Result> {
  if (!(await ownerId())) return NOT_OWNER;
  return (await sendAuthorStatus(null)) ? { ok: true } : { error: "The live service can't be reached; try again in a moment." };
}

/** An owner's own visits count nowhere (from their next ticket on), or count again. Owners only. */
export async function setExcludeFromStatsAction(exclude: unknown): Promise<Result> {
  const id = await ownerId();
  if (!id) return NOT_OWNER;
  if (typeof exclude !== "boolean") return { error: "Expected on or off." };
  await setExcludeFromStats(id, exclude);
  return { ok: true };
}
