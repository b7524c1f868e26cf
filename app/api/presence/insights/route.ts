import { presenceSecret } from "@/lib/env";
import { recordInsightBuckets } from "@/lib/data/insights";
import { createInsightsRoute } from "@/lib/presence/signed-batch-route";

/**
 * POST /api/presence/insights: the worker's signed batches of reading insights (aggregates per
 * post and hour, no visit and no reader in them). Each bucket is kept only if newer than the
 * stored one, so a retried or late batch never undoes a newer one.
 */
export const POST = createInsightsRoute({ secret: presenceSecret, apply: recordInsightBuckets });
