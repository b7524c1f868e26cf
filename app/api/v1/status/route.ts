import { z } from "zod";
import { apiError, refuseWithoutApiKey } from "@/lib/api/status-api";
import { getStatusProfiles } from "@/lib/data/users";
import { getFromWorker } from "@/lib/presence/worker-calls";
import * as zm from "zod/mini";
import { type OnlinePerson, onlinePersonSchema } from "@/party/shared/protocol";
import { INTERNAL_PATHS } from "@/party/shared/signed-calls";

const idsSchema = z
  .string()
  .transform((value) => [...new Set(value.split(",").map((id) => id.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(200)).min(1, "give at least one id").max(100, "at most 100 ids per call"));

/**
 * GET /api/v1/status?ids=a,b: for each user id, "online", "idle" or "offline", and when
 * they were last seen. People who hide read as offline, with no last-seen time; so do
 * unknown ids (the answer never tells which ids exist).
 */
export async function GET(request: Request): Promise<Response> {
  const refusal = refuseWithoutApiKey(request);
  if (refusal) return refusal;
  const ids = idsSchema.safeParse(new URL(request.url).searchParams.get("ids") ?? "");
  if (!ids.success) return apiError(400, `ids: ${ids.error.issues[0]?.message ?? "invalid"}`);

  let online: OnlinePerson[];
  try {
    const response = await getFromWorker(INTERNAL_PATHS.people);
    if (!response.ok) throw new Error(`worker answered ${response.status}`);
    online = zm.array(onlinePersonSchema).parse(await response.json());
  } catch {
    return apiError(503, "the presence worker can't be reached");
  }
  const onlineById = new Map(online.map((person) => [person.id, person]));
  const profiles = new Map((await getStatusProfiles(ids.data)).map((profile) => [profile.id, profile]));

  const statuses = ids.data.map((id) => {
    const profile = profiles.get(id);
    const visible = profile?.showOnline === true;
    const live = visible ? onlineById.get(id) : undefined;
    return {
      id,
      status: live ? (live.active ? "online" : "idle") : "offline",
      lastSeenAt: visible && profile.lastSeenAt ? profile.lastSeenAt.toISOString() : null,
    };
  });
  return Response.json({ statuses }, { headers: { "Cache-Control": "no-store" } });
}
