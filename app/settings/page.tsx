import type { Metadata } from "next";
import { AppLink } from "@/components/blog/app-link";
import { Suspense } from "react";
import { auth } from "@/auth";
import { ShowOnlineToggle } from "@/components/auth/show-online-toggle";
import { getPresenceProfile } from "@/lib/data/users";

export const metadata: Metadata = { title: "Settings" };

async function PrivacySettings() {
  const session = await auth();
  const profile = session?.user?.id ? await getPresenceProfile(session.user.id) : null;
  if (!profile) {
    return (
      <p>
        <AppLink href="/signin?callbackUrl=%2Fsettings">Sign in</AppLink> to choose whether others can see you online.
      </p>
    );
  }
  return <ShowOnlineToggle initial={profile.showOnline} initialEverywhere={profile.presenceSyncPendingAt === null} />;
}

export default function SettingsPage() {
  return (
    <div className="settings-page">
      <h1>Settings</h1>
      <Suspense fallback={<p>Loading your settings…</p>}>
        <PrivacySettings />
      </Suspense>
    </div>
  );
}
