import type { DeskLogEntry, DeskMinute, Peak } from "../shared/protocol";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The desk's chart: readers online per minute over the last half hour. */
export const CHART_MINUTES = 30;
/** Lines of the live log kept. */
export const LOG_LINES = 100;

interface Kept {
  minutes: DeskMinute[];
  log: DeskLogEntry[];
  today: (Peak & { day: number }) | null;
  record: Peak | null;
}

const STORAGE_KEY = "desk";

/**
 * What the owner's desk shows of the site over time, kept by the lobby: readers online per
 * minute for the chart, the live log, today's peak (UTC day) and the all-time record.
 */
export class DeskTracker {
  private kept: Kept = { minutes: [], log: [], today: null, record: null };
  private fresh: DeskLogEntry[] = [];

  constructor(private readonly storage: DurableObjectStorage) {}

  async load(): Promise<void> {
    this.kept = { ...this.kept, ...((await this.storage.get<Kept>(STORAGE_KEY)) ?? {}) };
  }

  async save(): Promise<void> {
    await this.storage.put(STORAGE_KEY, this.kept);
  }

  get record(): Peak | null {
    return this.kept.record;
  }

  get today(): Peak | null {
    const today = this.kept.today;
    return today && today.day === Math.floor(Date.now() / DAY_MS) ? { count: today.count, at: today.at } : null;
  }

  /** The site has `online` readers now; returns whether the all-time record moved. */
  observe(online: number, now: number): boolean {
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const last = this.kept.minutes.at(-1);
    if (last?.at === minute) last.online = Math.max(last.online, online);
    else this.kept.minutes = [...this.kept.minutes, { at: minute, online }].slice(-CHART_MINUTES);
    const day = Math.floor(now / DAY_MS);
    if (!this.kept.today || this.kept.today.day !== day || online > this.kept.today.count) this.kept.today = { count: online, at: now, day };
    if (online > 0 && online > (this.kept.record?.count ?? 0)) {
      this.kept.record = { count: online, at: now };
      return true;
    }
    return false;
  }

  log(entries: DeskLogEntry[]): void {
    if (entries.length === 0) return;
    this.fresh.push(...entries);
    this.kept.log = [...this.kept.log, ...entries].slice(-LOG_LINES);
  }

  /** Log lines since the last call (for the desk's live update). */
  takeFresh(): DeskLogEntry[] {
    const taken = this.fresh;
    this.fresh = [];
    return taken;
  }

  /**
   * The chart's last half hour, a point for every minute: a minute nothing changed in had the
   * readers of the minute before it.
   */
  minutes(now: number, online: number): DeskMinute[] {
    const current = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const known = new Map(this.kept.minutes.map((point) => [point.at, point.online]));
    const points: DeskMinute[] = [];
    const windowStart = current - (CHART_MINUTES - 1) * MINUTE_MS;
    let carried = this.kept.minutes.filter((point) => point.at < windowStart).at(-1)?.online ?? 0;
    for (let index = CHART_MINUTES - 1; index >= 0; index--) {
      const at = current - index * MINUTE_MS;
      carried = known.get(at) ?? (at === current ? Math.max(carried, online) : carried);
      points.push({ at, online: carried });
    }
    return points;
  }

  /** The log up to the last live update: the lines since then go out with the next one, so a desk that opens now gets each once. */
  recentLog(): DeskLogEntry[] {
    const unsent = new Set(this.fresh);
    return this.kept.log.filter((entry) => !unsent.has(entry));
  }
}
