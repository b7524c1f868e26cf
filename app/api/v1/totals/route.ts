import * as z from "zod/mini";
import { apiError, refuseWithoutApiKey } from "@/lib/api/status-api";
import { getAllPosts } from "@/lib/posts";
import { getFromWorker } from "@/lib/presence/worker-calls";
import { readingCountsSchema } from "@/party/shared/protocol";
import { INTERNAL_PATHS } from "@/party/shared/signed-calls";

const totalsSchema = z.object({
  online: z.int().check(z.gte(0)),
  active: z.int().check(z.gte(0)),
  reading: readingCountsSchema,
});

/** GET /api/v1/totals: readers online now, how many are active, and the "Reading now" ranking. */
export async function GET(request: Request): Promise<Response> {
  const refusal = refuseWithoutApiKey(request);
  if (refusal) return refusal;
  let totals: z.infer<typeof totalsSchema>;
  try {
    const response = await getFromWorker(INTERNAL_PATHS.totals);
    if (!response.ok) throw new Error(`worker answered ${response.status}`);
    totals = totalsSchema.parse(await response.json());
  } catch {
    return apiError(503, "the presence worker can't be reached");
  }
  const titles = new Map((await getAllPosts()).map((post) => [post.slug, post.title]));
  const ranking = Object.entries(totals.reading)
    .filter(([slug]) => titles.has(slug))
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([slug, readers]) => ({ slug, title: titles.get(slug), readers }));
  return Response.json({ online: totals.online, active: totals.active, ranking }, { headers: { "Cache-Control": "no-store" } });
}
