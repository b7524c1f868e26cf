import type { NextAuthConfig } from "next-auth";
import Credentials, { type CredentialsConfig } from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { z } from "zod";
import { demoSignInEnabled, env } from "@/lib/env";
import { isOwner } from "@/lib/owners";
import { cleanDisplayName, MAX_DISPLAY_NAME_LENGTH } from "@/party/shared/display-name";

export const DEMO_PROVIDER_ID = "demo";
/** A display name as the demo sign-in takes it: cleaned (no invisible or bidi characters), 1 to 40 characters. */
export const displayNameSchema = z
  .string()
  .max(200)
  .transform(cleanDisplayName)
  .pipe(z.string().min(1, "Pick a display name").max(MAX_DISPLAY_NAME_LENGTH, "At most 40 characters"));

export function githubProvider() {
  if (!env.AUTH_GITHUB_ID || !env.AUTH_GITHUB_SECRET) return [];
  return [
    GitHub({
      clientId: env.AUTH_GITHUB_ID,
      clientSecret: env.AUTH_GITHUB_SECRET,
      // Only tests set this: the same provider, pointed at a local OAuth server.
      ...(env.AUTH_GITHUB_ENTERPRISE_URL ? { enterprise: { baseUrl: env.AUTH_GITHUB_ENTERPRISE_URL } } : {}),
    }),
  ];
}

/**
 * Demo sign-in: pick a display name. auth.ts passes the authorize step (it needs the
 * database); the edge-safe config below only needs to know the provider exists.
 */
export function demoProvider(authorize?: CredentialsConfig["authorize"]) {
  if (!demoSignInEnabled()) return [];
  return [Credentials({ id: DEMO_PROVIDER_ID, name: "Demo", credentials: { name: { label: "Display name" } }, authorize })];
}

/** The edge-safe half of the Auth.js config (no database), shared by auth.ts and proxy.ts. */
export const authConfig = {
  trustHost: true,
  secret: env.AUTH_SECRET ?? (process.env.NODE_ENV === "production" ? undefined : "dev-only-auth-secret-0123456789abcdef"),
  session: { strategy: "jwt" },
  pages: { signIn: "/signin" },
  providers: [...githubProvider(), ...demoProvider()],
  callbacks: {
    jwt({ token, user, account, profile }) {
      if (user?.id) token.sub = user.id;
      if (account) token.provider = account.provider;
      if (account?.provider === "github" && typeof profile?.login === "string") token.githubLogin = profile.login;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.owner = isOwner({
        githubLogin: token.githubLogin,
        email: token.email,
        demoName: token.provider === DEMO_PROVIDER_ID ? token.name : null,
      });
      return session;
    },
  },
} satisfies NextAuthConfig;

export const githubConfigured = () => githubProvider().length > 0;
