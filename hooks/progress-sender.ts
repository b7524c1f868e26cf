/** Sends progress only when it moved by at least this much (1% of the post)... */
export const MIN_PROGRESS_STEP = 0.01;
/** ...and at most this often (4 times a second), unless the room asks for less (a busy room does). */
export const MIN_SEND_INTERVAL_MS = 250;

/** How far down an element the reader is: 0 with its top at the viewport's top, 1 with its bottom at the viewport's bottom. */
export function scrollProgress(rect: { top: number; height: number }, viewportHeight: number): number {
  const scrollable = rect.height - viewportHeight;
  if (scrollable <= 0) return rect.top <= 0 ? 1 : 0;
  return Math.min(1, Math.max(0, -rect.top / scrollable));
}

/**
 * Decides when a progress value is worth sending. Changes smaller than a step are
 * ignored; changes within the interval are held and sent when it ends (trailing),
 * so the last position always arrives.
 */
export class ProgressSender {
  private lastSent: number | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private intervalMs = MIN_SEND_INTERVAL_MS;

  constructor(
    private readonly send: (progress: number) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(progress: number): void {
    const rounded = Math.round(progress * 1000) / 1000;
    if (this.lastSent !== null && Math.abs(rounded - this.lastSent) < MIN_PROGRESS_STEP) {
      this.pending = null;
      return;
    }
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) return this.flush(rounded);
    this.pending = rounded;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (this.pending !== null) this.flush(this.pending);
    }, wait);
  }

  /** The room says how often it wants to hear from this reader. */
  setInterval(intervalMs: number): void {
    this.intervalMs = Math.max(MIN_SEND_INTERVAL_MS, intervalMs);
  }

  /** Forget what was sent, e.g. after a reconnect, so the next update goes out. */
  reset(): void {
    this.lastSent = null;
    this.lastSentAt = Number.NEGATIVE_INFINITY;
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(progress: number): void {
    this.pending = null;
    this.lastSent = progress;
    this.lastSentAt = this.now();
    this.send(progress);
  }
}
