import { z } from "zod";

/** Who a connection belongs to, as verified by the worker's entry before any object sees it. */
export const verifiedIdentitySchema = z.object({
  sessionId: z.string(),
  user: z.object({ id: z.string(), name: z.string(), image: z.string().nullable(), visible: z.boolean() }).nullable(),
});
export type VerifiedIdentity = z.infer<typeof verifiedIdentitySchema>;
