import type { Metadata } from "next";
import { connection } from "next/server";
import { Suspense } from "react";
import { auth } from "@/auth";
import { AuthorStatusForm } from "@/components/desk/author-status-form";
import { BarChart } from "@/components/desk/bar-chart";
import { DeskLive } from "@/components/desk/desk-live";
import { ExcludeSelfToggle } from "@/components/desk/exclude-self-toggle";
import { readDeskInsights } from "@/lib/data/insights";
import { getPresenceProfile } from "@/lib/data/users";
import { getDeskSnapshot } from "@/lib/presence/desk";
import { getAllPosts } from "@/lib/posts";
import type { InsightSummary } from "@/party/shared/insights";
import type { AuthorStatus } from "@/party/shared/protocol";

export const metadata: Metadata = { title: "Desk", robots: { index: false } };

const percent = (share: number) => `${Math.round(share * 100)} %`;
const duration = (seconds: number | null) => (seconds === null ? "–" : seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);
const completion = ({ completions, reads }: InsightSummary) => (reads === 0 ? "–" : `${completions} of ${reads} (${percent(completions / reads)})`);

function depthBars(summary: InsightSummary) {
  return summary.depthShares.map((share, index) => ({ label: `${(index + 1) * 10} %`, value: share, text: `${percent(share)} of reads got past ${(index + 1) * 10} %` }));
}

const visits = (count: number) => `${count} ${count === 1 ? "visit" : "visits"}`;

async function Insights({ titles }: { titles: Record<string, string> }) {
  const insights = await readDeskInsights();
  const { site } = insights;
  return (
    <section className="desk-insights" aria-labelledby="insights-title">
      <h2 id="insights-title">Reading, last 7 days</h2>
      <dl className="desk-figures" data-testid="desk-insights">
        <div>
          <dt>Visits that read (10 s or more)</dt>
          <dd data-testid="insight-reads">{site.reads}</dd>
        </div>
        <div>
          <dt>Median active reading time</dt>
          <dd data-testid="insight-median">{duration(site.medianActiveSeconds)}</dd>
        </div>
        <div>
          <dt>Read to the end</dt>
          <dd data-testid="insight-completion">{completion(site)}</dd>
        </div>
      </dl>
      <BarChart
        title="How far readers got: the share of reads past each tenth of the post"
        bars={depthBars(site)}
        max={1}
        format={percent}
        testId="depth-chart"
      />
      <BarChart
        title="Visits by hour of the day (UTC), last 14 days"
        bars={insights.byHourOfDay.map((count, hour) => ({ label: String(hour).padStart(2, "0"), value: count, text: visits(count) }))}
        wholeNumbers
        testId="hour-chart"
        labelEvery={3}
      />
      <h3>Posts read most this week</h3>
      {insights.posts.length === 0 ? (
        <p>No reads this week yet.</p>
      ) : (
        <table className="desk-table" data-testid="insight-posts">
          <thead>
            <tr>
              <th scope="col">Post</th>
              <th scope="col">Reads</th>
              <th scope="col">Median active time</th>
              <th scope="col">Read to the end</th>
            </tr>
          </thead>
          <tbody>
            {insights.posts.map((post) => (
              <tr key={post.slug} data-slug={post.slug}>
                <th scope="row">{titles[post.slug] ?? post.slug}</th>
                <td>{post.reads}</td>
                <td>{duration(post.medianActiveSeconds)}</td>
                <td>{completion(post)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The author's status, unless it has ended, and the whole minutes it has left (rounded up). */
function statusAsOf(status: AuthorStatus | null, now: number): { author: AuthorStatus | null; minutesLeft: number | null } {
  if (!status || status.until <= now) return { author: null, minutesLeft: null };
  return { author: status, minutesLeft: Math.ceil((status.until - now) / 60_000) };
}

/** The desk's live figures as the worker has them, and the author's status as of this request. */
async function liveDesk() {
  const live = await getDeskSnapshot();
  return { live, ...statusAsOf(live?.author ?? null, Date.now()) };
}

async function Desk() {
  await connection();
  const user = (await auth())?.user;
  // The proxy sends everyone else away first; this is the page's own check.
  if (!user?.owner) return <p data-testid="desk-refused">The desk is for the blog&apos;s owners.</p>;
  const [{ live, author, minutesLeft }, profile, posts] = await Promise.all([
    liveDesk(),
    getPresenceProfile(user.id).catch(() => null),
    getAllPosts(),
  ]);
  const titles = Object.fromEntries(posts.map((post) => [post.slug, post.title]));
  return (
    <>
      <DeskLive initial={live} titles={titles} />
      <AuthorStatusForm current={author} minutesLeft={minutesLeft} />
      <Suspense fallback={<p>Adding up the reading…</p>}>
        <Insights titles={titles} />
      </Suspense>
      <section aria-labelledby="desk-self-title">
        <h2 id="desk-self-title">You</h2>
        <ExcludeSelfToggle initial={profile?.excludeFromStats ?? false} />
      </section>
    </>
  );
}

export default function DeskPage() {
  return (
    <div className="desk-page">
      <h1>Desk</h1>
      <Suspense fallback={<p>Opening the desk…</p>}>
        <Desk />
      </Suspense>
    </div>
  );
}
