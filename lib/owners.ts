// Who the blog's owners are: the settings name them (GitHub logins, e-mail addresses, and in
// development demo sign-in names). One rule, used by the proxy, the desk, its routes and actions.
import { demoSignInEnabled, env } from "@/lib/env";
import { displayNameKey } from "@/party/shared/display-name";

export interface OwnerCandidate {
  githubLogin?: string | null;
  email?: string | null;
  /** Set only for the demo sign-in. */
  demoName?: string | null;
}

export function isOwner({ githubLogin, email, demoName }: OwnerCandidate): boolean {
  if (githubLogin && env.OWNER_GITHUB_LOGINS.includes(githubLogin.toLowerCase())) return true;
  if (email && env.OWNER_EMAILS.includes(email.toLowerCase())) return true;
  // A demo name is an owner's however it is spelled: compared by the key its account is found by.
  return Boolean(demoName && demoSignInEnabled() && env.DEMO_OWNER_NAMES.some((owner) => displayNameKey(owner) === displayNameKey(demoName)));
}
