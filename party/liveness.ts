// Liveness on the Durable Object runtime: heartbeats answered without waking the
// object, a sweeping alarm, and the grace window's setting.
import type { Connection } from "partyserver";
import { findGhosts, type LivenessState } from "./departures";
import type { Env } from "./env";
import { HEARTBEAT_PING, HEARTBEAT_PONG } from "./protocol";
import { DEFAULT_GRACE_MS, GHOST_SWEEP_INTERVAL_MS, REPORT_HEARTBEAT_MS } from "./timing";

/** What the worker closes a ghost connection with. */
export const GHOST_CLOSE_CODE = 4408;

export function graceMs(env: Env): number {
  const configured = Number(env.PRESENCE_GRACE_MS);
  return env.PRESENCE_GRACE_MS !== undefined && Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_GRACE_MS;
}

/** Makes the runtime answer heartbeats itself, so they never wake a hibernating object. */
export function answerHeartbeats(ctx: DurableObjectState): void {
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(HEARTBEAT_PING, HEARTBEAT_PONG));
}

/** Open connections that stopped sending heartbeats, by the runtime's auto-response times. */
export function ghostConnections<T extends LivenessState>(
  ctx: DurableObjectState,
  connections: Iterable<Connection<T>>,
  now: number,
): Connection<T>[] {
  return findGhosts([...connections], (connection) => ctx.getWebSocketAutoResponseTimestamp(connection)?.getTime() ?? null, now);
}

/** Sets the object's one alarm to `at`, unless it is already due sooner (and still to come). */
export async function armAlarm(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || current > at || current <= Date.now()) await storage.setAlarm(at);
}

/**
 * How often an object with connections sweeps for ghosts: PRESENCE_SWEEP_MS, default
 * GHOST_SWEEP_INTERVAL_MS. Each sweep wakes the object, so a longer one lets quiet objects
 * hibernate in between, and ghosts take up to GHOST_AFTER_MS plus this long to go.
 */
export function sweepIntervalMs(env: Env): number {
  const configured = Number(env.PRESENCE_SWEEP_MS);
  // At most a minute: the sweep also carries the heartbeat report the lobby expects within REPORT_TTL_MS.
  const valid = env.PRESENCE_SWEEP_MS !== undefined && Number.isFinite(configured) && configured >= 1000 && configured <= 60_000;
  return valid ? configured : GHOST_SWEEP_INTERVAL_MS;
}

/**
 * Whether an object with readers should remind the lobby now: the lobby forgets senders it
 * hasn't heard from in a while, and waiting for the next sweep would leave it without news too long.
 */
export function lobbyReminderDue(lastReportAt: number, now: number, sweepMs: number): boolean {
  return now - lastReportAt + sweepMs >= REPORT_HEARTBEAT_MS;
}

/** Logs that an object (re)started holding sockets: it woke from hibernation or was evicted. */
export function logWake(kind: string, name: string, connections: number): void {
  if (connections > 0) console.log(`${kind} ${name}: woke with ${connections} connections`);
}

/** A close this soon after the object started is the event that woke it. */
export const WAKE_WINDOW_MS = 1000;

/** Whether an open socket with this connection id exists (PartySocket reuses ids across reconnects). */
export function isOpen(server: { getConnections: (tag: string) => Iterable<unknown> }, connectionId: string): boolean {
  for (const _ of server.getConnections(connectionId)) return true;
  return false;
}
