"use client";
import { useEffect, useRef, useState } from "react";

/** A new value is taken once it has held still this long (a count that blinks 3, 4, 3 is never taken)... */
export const SETTLE_MS = 1_500;
/** ...and no sooner than this after the last one taken... */
export const MIN_GAP_MS = 5_000;
/** ...but a value that never holds still is still taken this long after it began to move. */
export const MAX_WAIT_MS = 10_000;

export interface SettleTiming {
  settleMs: number;
  minGapMs: number;
  maxWaitMs: number;
}

const DEFAULT_TIMING: SettleTiming = { settleMs: SETTLE_MS, minGapMs: MIN_GAP_MS, maxWaitMs: MAX_WAIT_MS };

/**
 * Follows a value that may change many times a second and passes on a settled one, at most
 * every few seconds: what a screen reader announces for a live count. Equal values (Object.is)
 * are not changes; a value that goes back to the one last passed on before settling is
 * never passed on.
 */
export class ValueSettler<T> {
  private settled: T;
  private latest: T;
  private settledAt = Number.NEGATIVE_INFINITY;
  private movingSince: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    initial: T,
    private readonly onSettle: (value: T) => void,
    private readonly timing: SettleTiming = DEFAULT_TIMING,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.settled = initial;
    this.latest = initial;
  }

  update(value: T): void {
    if (Object.is(value, this.latest)) return;
    this.latest = value;
    this.clearTimer();
    if (Object.is(value, this.settled)) {
      this.movingSince = null;
      return;
    }
    const now = this.now();
    this.movingSince ??= now;
    const { settleMs, minGapMs, maxWaitMs } = this.timing;
    const due = Math.max(Math.min(now + settleMs, this.movingSince + maxWaitMs), this.settledAt + minGapMs);
    this.timer = setTimeout(() => this.settle(), Math.max(0, due - now));
  }

  dispose(): void {
    this.clearTimer();
  }

  private settle(): void {
    this.timer = null;
    this.settled = this.latest;
    this.settledAt = this.now();
    this.movingSince = null;
    this.onSettle(this.settled);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** `value`, settled (see ValueSettler): the first value at once, then each settled change. */
export function useSettledValue<T>(value: T): T {
  const [settled, setSettled] = useState(value);
  const first = useRef(value);
  const settler = useRef<ValueSettler<T> | null>(null);
  useEffect(() => {
    const current = new ValueSettler(first.current, setSettled);
    settler.current = current;
    return () => {
      current.dispose();
      settler.current = null;
    };
  }, []);
  useEffect(() => {
    settler.current?.update(value);
  }, [value]);
  return settled;
}
