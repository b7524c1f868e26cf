import type { BrowserContext, Page } from "@playwright/test";
import { connect, type RawClient } from "./ws-client";

/** One value a count showed, from the moment it showed it (null: the page showed no such count). */
export interface Sample {
  source: string;
  at: number;
  value: number | null;
}

/** Where a page shows a count: a CSS selector, and how to read the number from the element. */
export interface CountSpot {
  name: string;
  selector: string;
  read: "data-count" | "number-in-text";
  /** When no element matches but this one does, the count is 0 (a ranking without the post). */
  zeroWhen?: string;
}

/**
 * Records every value the counts at `spots` show in every page of `context` from now on, across
 * navigations and reloads (an init script with a MutationObserver reports each change to Node):
 * a blink that polling would miss is in the log. Install it before the context's pages navigate.
 */
export async function recordCounts(context: BrowserContext, label: (page: Page) => string, spots: CountSpot[], log: Sample[]): Promise<void> {
  await context.exposeBinding("__countChanged", ({ page }, name: string, value: number | null) => {
    log.push({ source: `${label(page)}:${name}`, at: Date.now(), value });
  });
  await context.addInitScript((spots: CountSpot[]) => {
    if (window !== window.top) return;
    const report = (name: string, value: number | null) =>
      (window as unknown as { __countChanged: (name: string, value: number | null) => Promise<void> }).__countChanged(name, value);
    const last = new Map<string, number | null | undefined>();
    const valueOf = (spot: CountSpot): number | null => {
      const element = [...document.querySelectorAll<HTMLElement>(spot.selector)].find((candidate) => candidate.offsetParent !== null);
      if (!element) return spot.zeroWhen && document.querySelector(spot.zeroWhen) ? 0 : null;
      const raw = spot.read === "data-count" ? element.dataset.count : /\d[\d,]*/.exec(element.textContent ?? "")?.[0];
      return raw === undefined ? null : Number(raw.replace(/,/g, ""));
    };
    const check = () => {
      for (const spot of spots) {
        const value = valueOf(spot);
        if (last.get(spot.name) === value) continue;
        last.set(spot.name, value);
        void report(spot.name, value);
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    check();
  }, spots);
}

/** A watching socket (it counts nowhere) logging the count of every frame a post's room sends. */
export async function watchRoom(slug: string, log: Sample[]): Promise<RawClient> {
  const client = await connect(`/parties/article/${slug}`, { query: { watch: "1" } });
  const take = (frame: { count?: unknown }) => {
    if (typeof frame.count === "number") log.push({ source: "socket:room", at: Date.now(), value: frame.count });
  };
  client.messages.forEach((frame) => take(frame as { count?: unknown }));
  client.socket.on("message", (data) => {
    const text = data.toString();
    if (text !== "pong") take(JSON.parse(text));
  });
  return client;
}

/**
 * A watching site socket logging the site's readers online and the post's "reading now" from
 * every frame. `sid`: a counted reader's signed session id, to watch from that reader's shard
 * (its routing bucket is in the id; the lobby pushes new views only to shards that count a reader).
 */
export async function watchSite(slug: string, log: Sample[], sid: string): Promise<RawClient> {
  const client = await connect("/parties/site/global", { query: { watch: "1", sid } });
  const take = (frame: { online?: unknown; reading?: Record<string, number> }) => {
    const at = Date.now();
    if (typeof frame.online === "number") log.push({ source: "socket:online", at, value: frame.online });
    if (frame.reading) log.push({ source: "socket:reading", at, value: frame.reading[slug] ?? 0 });
  };
  client.messages.forEach((frame) => take(frame as { online?: unknown }));
  client.socket.on("message", (data) => {
    const text = data.toString();
    if (text !== "pong") take(JSON.parse(text));
  });
  return client;
}

/** Keeps raw sockets alive (the worker takes a silent socket for a ghost). */
export function beat(clients: RawClient[]): () => void {
  const timer = setInterval(() => clients.forEach((client) => client.send("ping")), 3000);
  return () => {
    clearInterval(timer);
    clients.forEach((client) => client.socket.close(1000));
  };
}

/** A stretch of time, inclusive. */
export interface Span {
  from: number;
  to: number;
}

/** A source's samples as a step function: its value at `at` (the last sample at or before it). */
export function valueAt(samples: Sample[], source: string, at: number): number | null | undefined {
  let value: number | null | undefined;
  for (const sample of samples) if (sample.source === source && sample.at <= at) value = sample.value;
  return value;
}

/**
 * Every value `source` showed from `from` on that isn't `expected`, outside the `allowed` windows
 * (where `allowedValues` may show too); the value it showed at `from` included.
 */
export function offValues(samples: Sample[], source: string, from: number, expected: number, allowed: { windows: Span[]; values: number[] } = { windows: [], values: [] }): Sample[] {
  const atStart: Sample = { source, at: from, value: valueAt(samples, source, from) ?? null };
  const since = [atStart, ...samples.filter((sample) => sample.source === source && sample.at > from)];
  return since.filter((sample) => {
    if (sample.value === expected) return false;
    const inWindow = allowed.windows.some((span) => sample.at >= span.from && sample.at <= span.to);
    return !(inWindow && sample.value !== null && allowed.values.includes(sample.value));
  });
}

/**
 * The longest stretch between `from` and `to` in which two counts differed, both shown (a
 * stretch where either showed no count doesn't count).
 */
export function longestDisagreement(samples: Sample[], a: string, b: string, from: number, to: number): { ms: number; at: number } {
  const times = [from, ...samples.filter((sample) => (sample.source === a || sample.source === b) && sample.at > from && sample.at < to).map((sample) => sample.at), to];
  let longest = { ms: 0, at: from };
  let since: number | null = null;
  for (const at of times) {
    const [x, y] = [valueAt(samples, a, at), valueAt(samples, b, at)];
    const differ = x !== null && x !== undefined && y !== null && y !== undefined && x !== y;
    if (differ && since === null) since = at;
    if (!differ && since !== null) {
      if (at - since > longest.ms) longest = { ms: at - since, at: since };
      since = null;
    }
  }
  if (since !== null && to - since > longest.ms) longest = { ms: to - since, at: since };
  return longest;
}

/** The samples as lines for a failure message: time since `start`, source, value. */
export const describeSamples = (samples: Sample[], start: number) =>
  samples.map((sample) => `+${((sample.at - start) / 1000).toFixed(2)}s ${sample.source}=${sample.value}`).join("\n");
