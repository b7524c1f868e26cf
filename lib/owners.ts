// Who the blog's owners are: the settings name them, and this is the one rule that matches a
// sign-in against them, used by the proxy, the desk, its routes and actions.
//
// - OWNER_GITHUB_IDS: GitHub's numeric account ids, which never change and are never reused.
// - OWNER_GITHUB_LOGINS: a login names the account that held it when this blog first saw it sign
//   in (auth.ts records it); a login renamed and then claimed by someone else names nobody.
// - OWNER_EMAILS: only an address the provider says is verified (GitHub's list of verified
//   addresses, not the profile's e-mail, which GitHub doesn't vouch for).
// - DEMO_OWNER_NAMES: demo sign-in names, only while the demo sign-in is on (never in production
//   unless ALLOW_DEMO_SIGNIN_IN_PRODUCTION says so: lib/env.ts).
import { demoSignInEnabled, env } from "@/lib/env";
import { displayNameKey } from "@/party/shared/display-name";

export interface OwnerSettings {
  githubIds: readonly string[];
  githubLogins: readonly string[];
  emails: readonly string[];
  /** Empty while the demo sign-in is off. */
  demoNames: readonly string[];
}

export interface OwnerCandidate {
  /** GitHub's numeric account id. */
  githubId?: string | null;
  githubLogin?: string | null;
  /** Whether the login was this account's when the blog first saw it (see auth.ts). */
  githubLoginIsTheirs?: boolean | null;
  /** Addresses the provider says are verified. */
  verifiedEmails?: readonly string[] | null;
  /** Set only for the demo sign-in. */
  demoName?: string | null;
}

/** The rule itself, for any settings. */
export function isOwnerUnder(settings: OwnerSettings, { githubId, githubLogin, githubLoginIsTheirs, verifiedEmails, demoName }: OwnerCandidate): boolean {
  if (githubId && settings.githubIds.includes(githubId)) return true;
  if (githubId && githubLogin && githubLoginIsTheirs === true && settings.githubLogins.includes(githubLogin.toLowerCase())) return true;
  if (verifiedEmails?.some((email) => settings.emails.includes(email.toLowerCase()))) return true;
  // A demo name is an owner's however it is spelled: compared by the key its account is found by.
  return Boolean(demoName && settings.demoNames.some((owner) => displayNameKey(owner) === displayNameKey(demoName)));
}

export function ownerSettings(): OwnerSettings {
  return {
    githubIds: env.OWNER_GITHUB_IDS,
    githubLogins: env.OWNER_GITHUB_LOGINS,
    emails: env.OWNER_EMAILS,
    demoNames: demoSignInEnabled() ? env.DEMO_OWNER_NAMES : [],
  };
}

export const isOwner = (candidate: OwnerCandidate): boolean => isOwnerUnder(ownerSettings(), candidate);

/** Whether a GitHub login is one the settings name (only those are recorded at sign-in). */
export const isOwnerGithubLogin = (login: string): boolean => env.OWNER_GITHUB_LOGINS.includes(login.toLowerCase());
