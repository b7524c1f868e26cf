import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import { cookies } from "next/headers";
import { authConfig, demoProvider, displayNameSchema, githubProvider } from "@/auth.config";
import { githubLoginIsTheirs } from "@/lib/data/github-logins";
import { findOrCreateDemoUser, getPresenceProfile } from "@/lib/data/users";
import { db } from "@/lib/db";
import { presenceSecret } from "@/lib/env";
import { isOwnerGithubLogin } from "@/lib/owners";
import { notifyPresenceOfIdentityChange } from "@/lib/presence/notify";
import { SESSION_COOKIE } from "@/lib/presence/session-cookie";
import { verifySignedSessionId } from "@/party/shared/tickets";

/** The demo sign-in's person: the same display name is the same person. */
async function authorizeDemo(credentials: Partial<Record<string, unknown>>) {
  const name = displayNameSchema.safeParse(credentials.name);
  if (!name.success) return null;
  const user = await findOrCreateDemoUser(name.data);
  return { id: user.id, name: user.name, image: user.image };
}

/**
 * Signing out of a browser withdraws the presence tokens issued to that browser's session: one
 * fetched before (or copied from it) can no longer show the person by name anywhere.
 */
async function withdrawPresenceOfSession(userId: string | undefined): Promise<void> {
  if (!userId) return;
  const sessionId = await verifySignedSessionId(presenceSecret(), (await cookies()).get(SESSION_COOKIE)?.value);
  const profile = await getPresenceProfile(userId).catch(() => null);
  if (sessionId) await notifyPresenceOfIdentityChange({ userId, epoch: profile?.presenceEpoch ?? 0, sessionId });
}

export const { auth, handlers, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: PrismaAdapter(db),
  providers: [...githubProvider(), ...demoProvider(authorizeDemo)],
  callbacks: {
    ...authConfig.callbacks,
    /** At a GitHub sign-in with a login the settings name: is the login this account's (lib/owners.ts)? */
    async jwt(params) {
      const token = authConfig.callbacks.jwt(params);
      if (params.account?.provider === "github" && token.githubId && token.githubLogin && isOwnerGithubLogin(token.githubLogin)) {
        token.githubLoginIsTheirs = await githubLoginIsTheirs(token.githubLogin, token.githubId);
      }
      return token;
    },
  },
  events: {
    signOut: async (message) => withdrawPresenceOfSession("token" in message ? (message.token?.sub ?? undefined) : message.session?.userId),
  },
});
