import { IDLE_AFTER_MS } from "../party/shared/wire-constants";

/** What the tracker needs of the browser (the real `window` and `document`, or a test's stand-ins). */
export interface ActivitySource {
  visibility: () => DocumentVisibilityState;
  onInput: (listener: () => void) => () => void;
  onVisibilityChange: (listener: () => void) => () => void;
}

/** How often idleness is checked; a reader turns idle at most this long after the minute is up. */
export const ACTIVITY_CHECK_MS = 5_000;

/**
 * Active: the tab is visible and there was input (keys, pointer, scroll, touch) in the
 * last minute. Idle otherwise. Calls `onChange` on every switch, never twice in a row
 * with the same value.
 */
export class ActivityTracker {
  private lastInputAt: number;
  private current: boolean;
  private readonly stops: (() => void)[];

  constructor(
    private readonly source: ActivitySource,
    private readonly onChange: (active: boolean) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastInputAt = now();
    this.current = source.visibility() === "visible";
    const timer = setInterval(() => this.evaluate(), ACTIVITY_CHECK_MS);
    this.stops = [
      source.onInput(() => {
        this.lastInputAt = this.now();
        this.evaluate();
      }),
      source.onVisibilityChange(() => {
        // Coming back to a tab is the reader's doing: active again, however long it was hidden.
        if (source.visibility() === "visible") this.lastInputAt = this.now();
        this.evaluate();
      }),
      () => clearInterval(timer),
    ];
  }

  get active(): boolean {
    return this.current;
  }

  stop(): void {
    for (const stop of this.stops) stop();
  }

  private evaluate(): void {
    const next = this.source.visibility() === "visible" && this.now() - this.lastInputAt < IDLE_AFTER_MS;
    if (next === this.current) return;
    this.current = next;
    this.onChange(next);
  }
}
