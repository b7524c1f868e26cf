"use server";
import { z } from "zod";
import { auth } from "@/auth";
import { setShowOnline } from "@/lib/data/users";
import { syncPrivacyOf } from "@/lib/presence/privacy-sync";

/**
 * `everywhere`: whether the presence worker confirmed the change, so every open tab and device
 * shows it. When not, the setting is saved and the change is retried (see syncPrivacy); the
 * person's other devices follow within PRESENCE_TOKEN_MAX_AGE_SECONDS at the latest.
 */
export type SetShowOnlineResult = { ok: true; showOnline: boolean; everywhere: boolean } | { error: string };

/** "Show me as online": saved for the signed-in person, then pushed to all their open tabs and devices. */
export async function setShowOnlineAction(showOnline: unknown): Promise<SetShowOnlineResult> {
  const userId = (await auth())?.user?.id;
  if (!userId) return { error: "Sign in to change this setting." };
  const parsed = z.boolean().safeParse(showOnline);
  if (!parsed.success) return { error: "Expected on or off." };
  await setShowOnline(userId, parsed.data);
  return { ok: true, showOnline: parsed.data, everywhere: await syncPrivacyOf(userId) };
}

/** Asks again whether the person's last privacy change reached every device (and tells the worker again if not). */
export async function retryPrivacySyncAction(): Promise<{ everywhere: boolean } | { error: string }> {
  const userId = (await auth())?.user?.id;
  if (!userId) return { error: "Sign in to change this setting." };
  return { everywhere: await syncPrivacyOf(userId) };
}
