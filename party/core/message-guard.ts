/**
 * Per-connection abuse limits: a window rate limit on messages and a budget of rejected
 * (malformed, off-schema or throttled) messages. Held in memory only: forgetting it when an
 * object hibernates merely gives a client a fresh budget.
 */
export const GUARD_LIMITS = {
  windowMs: 1000,
  maxMessagesPerWindow: 12,
  maxRejected: 100,
} as const;

export type GuardVerdict = "accept" | "drop" | "close";

interface GuardState {
  windowStart: number;
  inWindow: number;
  rejected: number;
}

export class MessageGuard {
  private readonly states = new Map<string, GuardState>();

  constructor(private readonly limits: typeof GUARD_LIMITS = GUARD_LIMITS) {}

  /** Call for every incoming frame before parsing it. */
  admit(connectionId: string, now: number): GuardVerdict {
    const state = this.stateOf(connectionId, now);
    if (now - state.windowStart >= this.limits.windowMs) {
      state.windowStart = now;
      state.inWindow = 0;
    }
    state.inWindow += 1;
    if (state.inWindow <= this.limits.maxMessagesPerWindow) return "accept";
    return this.reject(connectionId, now);
  }

  /** Call when a frame that was admitted turned out to be invalid. */
  reject(connectionId: string, now: number): GuardVerdict {
    const state = this.stateOf(connectionId, now);
    state.rejected += 1;
    return state.rejected > this.limits.maxRejected ? "close" : "drop";
  }

  forget(connectionId: string): void {
    this.states.delete(connectionId);
  }

  private stateOf(connectionId: string, now: number): GuardState {
    let state = this.states.get(connectionId);
    if (!state) {
      state = { windowStart: now, inWindow: 0, rejected: 0 };
      this.states.set(connectionId, state);
    }
    return state;
  }
}
