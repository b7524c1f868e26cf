"use client";
import { useSitePresenceStore } from "../../stores/site-presence-store";
import { earlyFigure } from "./early-figure-marks";
import { activeReadersText, readersOnlineFigures } from "./reader-count-text";
import { SettledAnnouncement } from "./settled-announcement";

/**
 * The footer's live count. Shows the server-rendered number until the socket's
 * snapshot arrives, then the live one; says so plainly when the worker is unreachable.
 * `initialOnline`: the server's number, null when the worker was unreachable, undefined while it is asked.
 * Until the socket speaks, its elements are the server's, on which the page's early socket
 * may paint its figures before hydration (early-figures.ts); then React's own replace them.
 */
export function ReadersOnline({ initialOnline }: { initialOnline?: number | null }) {
  const status = useSitePresenceStore((state) => state.status);
  const online = useSitePresenceStore((state) => state.online);
  const active = useSitePresenceStore((state) => state.active);
  const figures = readersOnlineFigures({ status, online, active }, initialOnline);
  const first = status === "connecting";
  return (
    <>
      <span
        key={first ? "first" : "live"}
        data-testid="readers-online"
        data-status={figures.unavailable ? "unavailable" : "ok"}
        aria-hidden
        {...earlyFigure("site-online", first)}
      >
        {figures.text}
      </span>
      <SettledAnnouncement text={figures.text} testId="readers-online-announced" />
      {first ? (
        <span key="first-active" className="readers-active" data-testid="readers-active" hidden {...earlyFigure("site-active")}>
          {""}
        </span>
      ) : (
        figures.active !== null && (
          <span key="live-active" className="readers-active" data-testid="readers-active">
            {activeReadersText(figures.active)}
          </span>
        )
      )}
    </>
  );
}
