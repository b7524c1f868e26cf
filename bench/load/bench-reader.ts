// One simulated reader of a post: it reads down the post a step at a time and sends its
// progress (to the worker at the pace the room asks for, through the app's own ProgressSender;
// to the baseline at every step, as a tutorial's page does), and keeps the room as it was told it.
import { ProgressSender } from "../../hooks/progress-sender";
import type { RoomNews, RoomReader } from "./target";

/**
 * A step down the post each scroll, in thousandths (the places frames carry): 1.2 %, over the
 * 1 % the app's client ignores, with room to spare for floating point (0.03 - 0.02 < 0.01).
 * A reader's values repeat only after ~83 steps, about 21 s at 4 steps a second.
 */
const STEP_THOUSANDTHS = 12;
const STEPS = Math.floor(1000 / STEP_THOUSANDTHS);

export class BenchReader {
  reader: RoomReader | null = null;
  /** Each progress value this reader sent, and when it last sent it. */
  readonly sentAt = new Map<number, number>();
  /** Every send, as times: for the inbound rate per second. */
  readonly sendTimes: number[] = [];
  lastSent = 0;
  /** The room as this reader was last told it: places by public id, the count, the density strip. */
  readonly places = new Map<string, number>();
  count = -1;
  density: number[] | null = null;
  sendEveryMs: number | null = null;
  /** When this reader was last told anything (a frame with news in it). */
  lastNewsAt = 0;
  private step: number;
  private sender: ProgressSender | null = null;
  private timers: { start?: ReturnType<typeof setTimeout>; scroll?: ReturnType<typeof setInterval> } = {};

  constructor(
    readonly index: number,
    readonly named: boolean,
    private readonly paced: boolean,
  ) {
    // Readers are spread over the post, so the density strip has something to show.
    this.step = Math.floor(Math.random() * STEPS);
  }

  /**
   * Applies a frame's news; calls `arrived` for each place that is new to this reader (a
   * whole view repeats places it already told, and those are not arrivals).
   */
  hear(news: RoomNews, now: number, arrived: (senderId: string, progress: number) => void): void {
    this.lastNewsAt = now;
    const before = news.whole ? new Map(this.places) : this.places;
    if (news.whole) this.places.clear();
    for (const id of news.removed) this.places.delete(id);
    for (const [id, progress] of news.places) {
      if (before.get(id) !== progress) arrived(id, progress);
      this.places.set(id, progress);
    }
    if (news.count !== undefined) this.count = news.count;
    if (news.density !== undefined) this.density = news.density;
    if (news.sendEveryMs !== undefined) {
      this.sendEveryMs = news.sendEveryMs;
      this.sender?.setInterval(news.sendEveryMs);
    }
  }

  /** Starts scrolling after `delayMs`, then a step every `stepMs`. */
  startScrolling(delayMs: number, stepMs: number): void {
    const send = (progress: number) => {
      const now = performance.now();
      this.sentAt.set(progress, now);
      this.sendTimes.push(now);
      this.lastSent = progress;
      this.reader?.sendProgress(progress);
    };
    if (this.paced) {
      this.sender = new ProgressSender(send);
      if (this.sendEveryMs !== null) this.sender.setInterval(this.sendEveryMs);
    }
    const scroll = () => {
      this.step = (this.step + 1) % (STEPS + 1);
      const progress = (this.step * STEP_THOUSANDTHS) / 1000;
      if (this.sender) this.sender.update(progress);
      else send(progress);
    };
    this.timers.start = setTimeout(() => {
      scroll();
      this.timers.scroll = setInterval(scroll, stepMs);
    }, delayMs);
  }

  stopScrolling(): void {
    clearTimeout(this.timers.start);
    clearInterval(this.timers.scroll);
    // What the sender still held is dropped, as when a tab stops scrolling between two sends.
    this.sender?.dispose();
    this.sender = null;
  }
}
