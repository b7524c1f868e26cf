/**
 * Runs `flush` at most once per `delayMs`, however often `schedule` is called:
 * the first call in a quiet period starts the timer, later calls ride along.
 * This is how ticks, count broadcasts and lobby reports are batched.
 */
export class Coalescer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly flush: () => void | Promise<void>,
  ) {}

  get pending(): boolean {
    return this.timer !== null;
  }

  schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        void Promise.resolve(this.flush()).catch(logFlushError);
      } catch (error) {
        logFlushError(error);
      }
    }, this.delayMs);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

function logFlushError(error: unknown): void {
  console.error("coalesced flush failed", error);
}
