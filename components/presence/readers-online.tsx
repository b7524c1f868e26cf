"use client";
import { useSitePresenceStore } from "../../stores/site-presence-store";
import { SettledAnnouncement } from "./settled-announcement";

export function formatReadersOnline(online: number): string {
  return `${online} ${online === 1 ? "reader" : "readers"} online`;
}

/**
 * The footer's live count. Shows the server-rendered number until the socket's
 * snapshot arrives, then the live one; says so plainly when the worker is unreachable.
 */
/** `initialOnline`: the server's number, null when the worker was unreachable, undefined while it is asked. */
export function ReadersOnline({ initialOnline }: { initialOnline?: number | null }) {
  const status = useSitePresenceStore((state) => state.status);
  const liveOnline = useSitePresenceStore((state) => state.online);
  const online = status === "live" ? liveOnline : status === "connecting" ? initialOnline : null;
  const text =
    online === undefined ? "Counting readers…" : online === null ? "Live reader count unavailable" : formatReadersOnline(online);
  const active = useSitePresenceStore((state) => (state.status === "live" ? state.active : null));
  return (
    <>
      <span data-testid="readers-online" data-status={online === null ? "unavailable" : "ok"} aria-hidden>
        {text}
      </span>
      <SettledAnnouncement text={text} testId="readers-online-announced" />
      {active !== null && (
        <span className="readers-active" data-testid="readers-active">
          {active} active
        </span>
      )}
    </>
  );
}
