// What tells a live socket from a vanished one. Clients send a heartbeat every few seconds and
// the runtime answers it without waking the object; the sweep reads when each socket was last
// heard. Pure rules: unit-tested without a runtime.

/**
 * A socket whose tab said it is idle (hidden) may stay silent this many times longer than an
 * active one (PRESENCE_GHOST_AFTER_MS): browsers may throttle a background tab to one timer a minute.
 */
export const IDLE_GHOST_FACTOR = 5;

/**
 * Whether a socket last heard from at `lastHeardAt` (null: never, since `connectedAt`) has
 * vanished (a lid closed, Wi-Fi gone): silent for longer than `ghostAfterMs`.
 */
export function isGhost(
  { connectedAt, active }: { connectedAt: number; active: boolean },
  lastHeardAt: number | null,
  now: number,
  ghostAfterMs: number,
): boolean {
  return now - (lastHeardAt ?? connectedAt) > (active ? ghostAfterMs : ghostAfterMs * IDLE_GHOST_FACTOR);
}

/**
 * A heartbeat is answered by the runtime, so the object never sees it arrive; it sees only the
 * time of the last one. An honest tab beats every 5 s (HEARTBEAT_INTERVAL_MS), so at a sweep its
 * last beat lies anywhere in those 5 s: within FLOOD_WINDOW_MS of the sweep with a chance of
 * 120/5000 = 2.4 %. A socket beating regularly more than 1000/FLOOD_WINDOW_MS (~8) times a second
 * has always beaten within the window. FLOOD_SWEEPS sweeps in a row like that and it is closed.
 *
 * For an honest tab, given one such sweep, the next (8-12 s later at random, see nextSweepMs)
 * falls in the window with a chance of 120/4000 = 3 %: eight in a row is 0.024 x 0.03^7, about
 * 5e-13 per sweep, one tab closed in some 500,000 years of tab-time. A flood of more than ~8 beats
 * a second is closed at its FLOOD_SWEEPS-th sweep (80-96 s at the default 10 s sweep).
 *
 * The streak is kept in the socket's attachment (see PresenceServer.onAlarm): the object sleeps
 * and is evicted between sweeps (heartbeats never wake it), and a streak kept in memory was lost
 * at each of them, so no flood was ever closed.
 */
export const FLOOD_WINDOW_MS = 120;
export const FLOOD_SWEEPS = 8;

/** A socket's flood streak after a sweep that found its last heartbeat at `lastHeardAt`. */
export function nextFloodStreak(streak: number, lastHeardAt: number | null, now: number): number {
  const suspicious = lastHeardAt !== null && Math.abs(now - lastHeardAt) <= FLOOD_WINDOW_MS;
  return suspicious ? streak + 1 : 0;
}

export const isFlooding = (streak: number): boolean => streak >= FLOOD_SWEEPS;

/**
 * Sweeps come every `sweepMs`, give or take a fifth, at random. A tab beats on a steady clock
 * (every 5 s), so with sweeps on a steady clock too a tab whose beat happens to fall just before
 * every sweep would look like a flood at each of them: among thousands of readers, a few. Drawn
 * anew at every sweep, the chance of that FLOOD_SWEEPS times in a row is as small as a flood rule needs.
 */
export function nextSweepMs(sweepMs: number, random: () => number = Math.random): number {
  return Math.round(sweepMs * (0.8 + 0.4 * random()));
}
