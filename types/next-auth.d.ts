import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** `owner`: one of the blog's owners (lib/owners.ts), decided from the sign-in. */
    user: { id: string; owner: boolean } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** GitHub's numeric account id, kept from the sign-in: owners are matched by it. */
    githubId?: string;
    /** The GitHub login, kept from the sign-in. */
    githubLogin?: string;
    /** Whether the login was this account's when the blog first saw it (lib/owners.ts, auth.ts). */
    githubLoginIsTheirs?: boolean;
    /** The addresses the provider says are verified (only these can name an owner). */
    verifiedEmails?: string[];
    /** The provider signed in with ("github", "demo"). */
    provider?: string;
  }
}
