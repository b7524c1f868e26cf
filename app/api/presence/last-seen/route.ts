import { presenceSecret } from "@/lib/env";
import { recordLastSeen } from "@/lib/data/users";
import { createLastSeenRoute } from "@/lib/presence/signed-batch-route";

/**
 * POST /api/presence/last-seen: the presence worker's signed, batched last-seen reports.
 * Applying a batch only ever moves lastSeenAt forward, so a retried, duplicated or reordered
 * batch changes nothing it shouldn't.
 */
export const POST = createLastSeenRoute({ secret: presenceSecret, apply: recordLastSeen });
