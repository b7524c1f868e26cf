import { signedBatchRoute } from "@/lib/api/signed-batch-route";
import { recordInsightBuckets } from "@/lib/data/insights";
import { insightBatchSchema } from "@/party/shared/insights";

/**
 * POST /api/presence/insights: the worker's signed batches of reading insights (aggregates per
 * post and hour, no visit and no reader in them). Each bucket is kept only if newer than the
 * stored one, so a retried or late batch never undoes a newer one.
 */
export const POST = signedBatchRoute({
  maxBodyBytes: 256 * 1024,
  schema: insightBatchSchema,
  name: "batch of insights",
  apply: async ({ buckets }) => ({ written: await recordInsightBuckets(buckets) }),
});
