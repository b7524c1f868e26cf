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
 * time of the last one. An honest client beats every few seconds, so at a sweep its last beat
 * lies anywhere in those seconds; a flooding socket's lies within milliseconds, at every sweep.
 * FLOOD_SWEEPS sweeps in a row like that (an honest client's chance: about 1 in 10^9) and
 * the socket is closed. It catches floods of more than ~1/FLOOD_WINDOW_MS beats a second.
 */
export const FLOOD_WINDOW_MS = 20;
export const FLOOD_SWEEPS = 4;

/**
 * Sweeps come every `sweepMs`, give or take a fifth, at random. A tab beats on a steady clock
 * (every 5 s), so with sweeps on a steady clock too a tab whose beat happens to fall just before
 * every sweep would look like a flood at each of them: among thousands of readers, a few. Drawn
 * anew at every sweep, the chance of that FLOOD_SWEEPS times in a row is as small as a flood rule needs.
 */
export function nextSweepMs(sweepMs: number, random: () => number = Math.random): number {
  return Math.round(sweepMs * (0.8 + 0.4 * random()));
}

export class HeartbeatFloods {
  private readonly streaks = new Map<string, number>();

  /** Call once per sweep per socket; true when the socket is flooding. */
  check(connectionId: string, lastHeardAt: number | null, now: number): boolean {
    const suspicious = lastHeardAt !== null && Math.abs(now - lastHeardAt) <= FLOOD_WINDOW_MS;
    const streak = suspicious ? (this.streaks.get(connectionId) ?? 0) + 1 : 0;
    if (streak === 0) this.streaks.delete(connectionId);
    else this.streaks.set(connectionId, streak);
    return streak >= FLOOD_SWEEPS;
  }

  forget(connectionId: string): void {
    this.streaks.delete(connectionId);
  }
}
