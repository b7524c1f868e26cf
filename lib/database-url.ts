// Shared by the Prisma CLI config and the app's client. Kept free of "server-only"
// so prisma.config.ts can import it.
export const DEFAULT_DATABASE_URL = "file:./prisma/dev.db";

export function databaseConfig(env: NodeJS.ProcessEnv = process.env): { url: string; authToken?: string } {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const authToken = env.DATABASE_AUTH_TOKEN || undefined;
  return authToken ? { url, authToken } : { url };
}
