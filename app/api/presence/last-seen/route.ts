import { signedBatchRoute } from "@/lib/api/signed-batch-route";
import { recordLastSeen } from "@/lib/data/users";
import { lastSeenBatchSchema } from "@/party/shared/signed-calls";

/**
 * POST /api/presence/last-seen: the presence worker's signed, batched last-seen reports.
 * Applying a batch only ever moves lastSeenAt forward, so a retried, duplicated or reordered
 * batch changes nothing it shouldn't.
 */
export const POST = signedBatchRoute({
  maxBodyBytes: 64 * 1024,
  schema: lastSeenBatchSchema,
  name: "last-seen batch",
  apply: async ({ entries }) => ({ updated: await recordLastSeen(entries.map(({ userId, seenAt }) => ({ userId, seenAt: new Date(seenAt) }))) }),
});
