import "server-only";
import * as z from "zod/mini";
import { type AuthorStatus, deskServerMessageSchema, type DeskServerMessage } from "@/party/shared/protocol";
import { INTERNAL_PATHS } from "@/party/shared/signed-calls";
import { getFromWorker, postToWorker } from "./worker-calls";

export type DeskSnapshot = Extract<DeskServerMessage, { type: "desk-snapshot" }>;

/** What the owner's desk shows now, for its first paint; null when the worker can't be reached. */
export async function getDeskSnapshot(): Promise<DeskSnapshot | null> {
  try {
    const response = await getFromWorker(INTERNAL_PATHS.desk);
    if (!response.ok) return null;
    const parsed = deskServerMessageSchema.safeParse(await response.json());
    return parsed.success && parsed.data.type === "desk-snapshot" ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Tells the worker the author's status (null clears it); resolves to whether it took it. */
export async function sendAuthorStatus(status: AuthorStatus | null): Promise<boolean> {
  try {
    return (await postToWorker(INTERNAL_PATHS.authorStatus, JSON.stringify({ status }))).ok;
  } catch {
    return false;
  }
}

export const authorStatusInputSchema = z.object({
  kind: z.enum(["writing", "reading", "away", "custom"]),
  /** "away": until when (HH:MM, the owner's local time, given as an offset-free string with the date). */
  text: z.optional(z.string().check(z.maxLength(60))),
  emoji: z.optional(z.string().check(z.maxLength(16))),
  /** Minutes from now, 1 to a week. */
  forMinutes: z.int().check(z.gte(1), z.lte(7 * 24 * 60)),
});
