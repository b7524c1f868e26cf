import "server-only";
import { Prisma } from "@prisma/client";
import { db } from "@/lib/db";

// The data-access layer for GitHub logins the settings name as owners: the account each belonged
// to when this blog first saw it sign in. GitHub lets a login be renamed and then taken by someone
// else; the first account keeps it here, so the newcomer is no owner (lib/owners.ts).

/** Records `githubId` as the login's account if none is on file; whether the one on file is `githubId`. */
export async function githubLoginIsTheirs(login: string, githubId: string): Promise<boolean> {
  const key = login.toLowerCase();
  try {
    await db.githubLogin.create({ data: { login: key, githubId } });
    return true;
  } catch (error) {
    // Already on file (P2002, a unique constraint): the first account keeps it.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const onFile = await db.githubLogin.findUnique({ where: { login: key }, select: { githubId: true } });
  return onFile?.githubId === githubId;
}
