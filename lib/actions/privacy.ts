"use server";
import { z } from "zod";
import { auth } from "@/auth";
import { setShowOnline } from "@/lib/data/users";
import { notifyPresenceOfPrivacyChange } from "@/lib/presence/notify";

export type SetShowOnlineResult = { ok: true; showOnline: boolean } | { error: string };

/** "Show me as online": saved for the signed-in person, then pushed to all their open tabs. */
export async function setShowOnlineAction(showOnline: unknown): Promise<SetShowOnlineResult> {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return { error: "Sign in to change this setting." };
  const parsed = z.boolean().safeParse(showOnline);
  if (!parsed.success) return { error: "Expected on or off." };
  await setShowOnline(userId, parsed.data);
  await notifyPresenceOfPrivacyChange(userId);
  return { ok: true, showOnline: parsed.data };
}
