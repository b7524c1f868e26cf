import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { env } from "@/lib/env";
import { SESSION_COOKIE } from "@/lib/presence/session-cookie";
import { type AuthorStatus, type OnlinePerson, type Peak, type ReadingCounts, siteSummarySchema } from "@/party/shared/protocol";

export interface ViewerSiteSummary {
  /** Readers online, counting the viewer (whose socket opens only after this render). */
  online: number;
  reading: ReadingCounts;
  /** Visible people online, when the owner made the list public. */
  people: OnlinePerson[] | null;
  author: AuthorStatus | null;
  record: Peak | null;
}

const WORKER_TIMEOUT_MS = 1500;

/**
 * The site summary for the first paint, once per request. Returns null when the
 * presence worker can't be reached: pages still render and say the count is unavailable.
 */
export const getViewerSiteSummary = cache(async (): Promise<ViewerSiteSummary | null> => {
  // The signed session id: the worker checks it, and answers from the shard its bucket names.
  const url = new URL("/parties/site/global", env.PRESENCE_URL);
  const sid = (await cookies()).get(SESSION_COOKIE)?.value;
  if (sid && sid.length <= 200) url.searchParams.set("sid", sid);
  try {
    const response = await fetch(url, { cache: "no-store", signal: AbortSignal.timeout(WORKER_TIMEOUT_MS) });
    if (!response.ok) return null;
    const summary = siteSummarySchema.parse(await response.json());
    return {
      online: summary.online + (summary.includesSession ? 0 : 1),
      reading: summary.reading,
      people: summary.people,
      author: summary.author,
      record: summary.record,
    };
  } catch {
    return null;
  }
});
