"use client";
import { usePresenceEndpoints } from "../../hooks/presence-endpoints";
import { type DeskState, useDeskSocket } from "../../hooks/use-desk-socket";
import type { Peak } from "../../party/shared/protocol";
import { MinuteChart } from "./minute-chart";

const time = (at: number) => new Date(at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });
const when = (peak: Peak | null) => (peak ? `${peak.count} at ${new Date(peak.at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC` : "none yet");

/** The desk's live view: readers now, per post now, the half-hour chart, the log, peaks. Updates over the owner-only socket. */
export function DeskLive({ initial, titles }: { initial: DeskState | null; titles: Record<string, string> }) {
  const desk = useDeskSocket(initial, usePresenceEndpoints());
  if (!desk) return <p data-testid="desk-unavailable">The live figures are unavailable right now.</p>;
  const posts = Object.entries(desk.reading).sort(([, a], [, b]) => b - a);
  return (
    <section className="desk-live" aria-labelledby="desk-live-title">
      <h2 id="desk-live-title">Live</h2>
      <dl className="desk-figures">
        <div>
          <dt>Readers online now</dt>
          <dd data-testid="desk-online">{desk.online}</dd>
        </div>
        <div>
          <dt>Active now</dt>
          <dd data-testid="desk-active">{desk.active}</dd>
        </div>
        <div>
          <dt>Today&apos;s peak</dt>
          <dd data-testid="desk-today">{when(desk.today)}</dd>
        </div>
        <div>
          <dt>Record</dt>
          <dd data-testid="desk-record">{when(desk.record)}</dd>
        </div>
      </dl>
      <h3>Reading now</h3>
      {posts.length === 0 ? (
        <p>Nobody is reading a post right now.</p>
      ) : (
        <ul className="desk-posts" data-testid="desk-posts">
          {posts.map(([slug, count]) => (
            <li key={slug} data-slug={slug} data-count={count}>
              {titles[slug] ?? slug}: {count}
            </li>
          ))}
        </ul>
      )}
      <MinuteChart minutes={desk.minutes} />
      <h3>Live log</h3>
      {/* Scrolls in its own box: focusable, so a keyboard can scroll it too. */}
      <ol className="desk-log" data-testid="desk-log" aria-live="off" aria-label="Live log, newest first" tabIndex={0}>
        {[...desk.log].reverse().slice(0, 30).map((line, index) => (
          <li key={`${line.at}-${index}`} data-kind={line.kind} data-named={line.named}>
            <time dateTime={new Date(line.at).toISOString()}>{time(line.at)}</time> {line.who}{" "}
            {line.kind === "arrived" ? "arrived" : line.kind === "left" ? "left" : `is reading ${titles[line.post ?? ""] ?? line.post}`}
          </li>
        ))}
      </ol>
    </section>
  );
}
