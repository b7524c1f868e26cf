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

const MAX_VERIFIED_EMAILS = 10;

/** The addresses GitHub's /user/emails marks verified (an e-mail names an owner only if verified). */
function verifiedEmailsOf(listed: unknown): string[] {
  if (!Array.isArray(listed)) return [];
  return listed
    .filter((entry): entry is { email: string } => entry?.verified === true && typeof entry.email === "string")
    .map((entry) => entry.email.toLowerCase())
    .slice(0, MAX_VERIFIED_EMAILS);
}

/**
 * GitHub's profile, and the addresses GitHub says are verified (the profile's own e-mail carries no
 * such flag). As Auth.js's provider does, an account without a public e-mail gets its primary one.
 */
async function githubProfile(apiBaseUrl: string, accessToken: string | undefined) {
  const headers = { Authorization: `Bearer ${accessToken}`, "User-Agent": "authjs" };
  const profile = (await (await fetch(`${apiBaseUrl}/user`, { headers })).json()) as Record<string, unknown>;
  const emails = await fetch(`${apiBaseUrl}/user/emails`, { headers })
    .then(async (response) => (response.ok ? ((await response.json()) as unknown) : []))
    .catch(() => []);
  const listed = Array.isArray(emails) ? (emails as { email?: unknown; primary?: unknown }[]) : [];
  if (!profile.email) profile.email = (listed.find((entry) => entry?.primary === true) ?? listed[0])?.email ?? null;
  return { ...profile, verified_emails: verifiedEmailsOf(listed) };
}

export function githubProvider() {
  if (!env.AUTH_GITHUB_ID || !env.AUTH_GITHUB_SECRET) return [];
  // Only tests set AUTH_GITHUB_ENTERPRISE_URL: the same provider, pointed at a local OAuth server.
  const enterprise = env.AUTH_GITHUB_ENTERPRISE_URL;
  const apiBaseUrl = enterprise ? `${enterprise}/api/v3` : "https://api.github.com";
  return [
    GitHub({
      clientId: env.AUTH_GITHUB_ID,
      clientSecret: env.AUTH_GITHUB_SECRET,
      ...(enterprise ? { enterprise: { baseUrl: enterprise } } : {}),
      userinfo: { url: `${apiBaseUrl}/user`, request: ({ tokens }: { tokens: { access_token?: string } }) => githubProfile(apiBaseUrl, tokens.access_token) },
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
    // At sign-in only (`account` is set then): what the owner rule needs, kept in the signed token.
    // auth.ts adds whether a GitHub login the settings name was this account's when first seen.
    jwt({ token, user, account, profile }) {
      if (user?.id) token.sub = user.id;
      if (account) token.provider = account.provider;
      if (account?.provider === "github") {
        token.githubId = account.providerAccountId;
        token.githubLogin = typeof profile?.login === "string" ? profile.login : undefined;
        token.verifiedEmails = Array.isArray(profile?.verified_emails) ? profile.verified_emails.filter((email): email is string => typeof email === "string") : [];
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.owner = isOwner({
        githubId: token.provider === "github" ? token.githubId : null,
        githubLogin: token.githubLogin,
        githubLoginIsTheirs: token.githubLoginIsTheirs,
        verifiedEmails: token.verifiedEmails,
        demoName: token.provider === DEMO_PROVIDER_ID ? token.name : null,
      });
      return session;
    },
  },
} satisfies NextAuthConfig;

export const githubConfigured = () => githubProvider().length > 0;
