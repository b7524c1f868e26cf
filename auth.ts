import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig, DEMO_PROVIDER_ID, displayNameSchema } from "@/auth.config";
import { findOrCreateDemoUser } from "@/lib/data/users";
import { db } from "@/lib/db";

const providers = authConfig.providers.map((provider) =>
  provider.id === DEMO_PROVIDER_ID
    ? Credentials({
        id: DEMO_PROVIDER_ID,
        name: "Demo",
        credentials: { name: { label: "Display name" } },
        async authorize(credentials) {
          const name = displayNameSchema.safeParse(credentials?.name);
          if (!name.success) return null;
          const user = await findOrCreateDemoUser(name.data);
          return { id: user.id, name: user.name, image: user.image };
        },
      })
    : provider,
);

export const { auth, handlers, signIn, signOut } = NextAuth({
  ...authConfig,
  adapter: PrismaAdapter(db),
  providers,
});
