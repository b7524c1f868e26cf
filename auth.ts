import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import { authConfig, demoProvider, displayNameSchema, githubProvider } from "@/auth.config";
import { findOrCreateDemoUser } from "@/lib/data/users";
import { db } from "@/lib/db";

/** The demo sign-in's person: the same display name is the same person. */
async function authorizeDemo(credentials: Partial<Record<string, unknown>>) {
  const name = displayNameSchema.safeParse(credentials.name);
  if (!name.success) return null;
  const user = await findOrCreateDemoUser(name.data);
  return { id: user.id, name: user.name, image: user.image };
}

export const { auth, handlers, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: PrismaAdapter(db),
  providers: [...githubProvider(), ...demoProvider(authorizeDemo)],
});
