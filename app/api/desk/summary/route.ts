import { auth } from "@/auth";
import { readDeskInsights } from "@/lib/data/insights";
import { getDeskSnapshot } from "@/lib/presence/desk";

/** GET /api/desk/summary: the desk's figures and reading insights as JSON. Owners only. */
export async function GET(): Promise<Response> {
  const user = (await auth())?.user;
  if (!user) return Response.json({ error: "sign in" }, { status: 401 });
  if (!user.owner) return Response.json({ error: "only the blog's owners" }, { status: 403 });
  const [live, insights] = await Promise.all([getDeskSnapshot(), readDeskInsights()]);
  return Response.json({ live, insights }, { headers: { "Cache-Control": "no-store" } });
}
