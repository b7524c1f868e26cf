import { auth } from "@/auth";
import { githubConfigured } from "@/auth.config";
import { demoSignInEnabled } from "@/lib/env";
import { UserMenuClient } from "./user-menu-client";

/** The header's user menu: who you are, or how to sign in. */
export async function UserMenu() {
  const session = await auth();
  const user = session?.user ? { name: session.user.name ?? "Reader", image: session.user.image ?? null, owner: session.user.owner } : null;
  return <UserMenuClient user={user} demoEnabled={demoSignInEnabled()} githubEnabled={githubConfigured()} />;
}
