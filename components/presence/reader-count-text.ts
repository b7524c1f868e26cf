import type { SitePresenceState } from "../../stores/site-presence-store";

export function readingNowText(count: number): string {
  return `${count} reading now`;
}

export function formatReadersOnline(online: number): string {
  return `${online} ${online === 1 ? "reader" : "readers"} online`;
}

export function activeReadersText(active: number): string {
  return `${active} active`;
}

/**
 * What the footer's count says for the site's state: the socket's figures once it speaks, the
 * server's `initialOnline` until then (null: the worker was unreachable; undefined: not asked).
 */
export function readersOnlineFigures(
  { status, online, active }: Pick<SitePresenceState, "status" | "online" | "active">,
  initialOnline?: number | null,
): { text: string; unavailable: boolean; active: number | null } {
  const shown = status === "live" ? online : status === "connecting" ? initialOnline : null;
  const text = shown === undefined ? "Counting readers…" : shown === null ? "Live reader count unavailable" : formatReadersOnline(shown);
  return { text, unavailable: shown === null, active: status === "live" ? active : null };
}
