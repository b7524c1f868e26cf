import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** `owner`: one of the blog's owners (lib/owners.ts), decided from the sign-in. */
    user: { id: string; owner: boolean } & DefaultSession["user"];
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The GitHub login, kept from the sign-in: owners are named by login. */
    githubLogin?: string;
    /** The provider signed in with ("github", "demo"). */
    provider?: string;
  }
}
