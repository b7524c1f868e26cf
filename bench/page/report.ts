// Turns the page benchmark's samples into the markdown docs/benchmarks.md quotes: medians of
// the bare Next.js page and of the post side by side, the difference, the live counts after
// DOMContentLoaded, the targets, and the owner's desk: what it loads, and how much of that
// is its own (scripts no post loads).
import type { LiveMarks, PageSample } from "./measure-page";

export interface PageRun {
  date: string;
  seconds: number;
  machine: string;
  loadAverages: { before: number; after: number };
  bare: PageSample[];
  post: PageSample[];
  postPath: string;
  desk: PageSample[];
  deskPath: string;
}

/** The page's JavaScript may add at most this much (compressed) over the bare page... */
export const JS_BUDGET_BYTES = 15_000;
/** ...and its live counts must be on screen this soon after DOMContentLoaded. */
export const LIVE_BUDGET_MS = 250;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${Math.round(value)} ms`;
const signedKB = (bytes: number) => `${bytes >= 0 ? "+" : "−"}${kB(Math.abs(bytes))}`;
const signedMs = (value: number) => `${value >= 0 ? "+" : "−"}${ms(Math.abs(value))}`;

type Metric = (sample: PageSample) => number;
const of = (samples: PageSample[], metric: Metric) => median(samples.map(metric));

/** A mark's median time after DOMContentLoaded, over the samples that have it. */
function afterDcl(samples: PageSample[], mark: keyof LiveMarks): number | null {
  const values = samples.flatMap((sample) => (sample.marks[mark] === undefined ? [] : [sample.marks[mark]! - sample.dcl]));
  return values.length ? median(values) : null;
}

const LIVE_ROWS: [keyof LiveMarks, string][] = [
  ["footerFigure", "footer \"N readers online\": first figure on screen"],
  ["footerLive", "footer: the site socket's value on screen"],
  ["postFigure", "post \"N reading now\": first figure on screen"],
  ["postLive", "post: the room socket's value on screen"],
];

const TIMELINE_ROWS: [keyof LiveMarks, string][] = [
  ["ticketStart", "ticket request sent"],
  ["ticketEnd", "ticket answered"],
  ["siteSocketCreated", "site socket created"],
  ["siteSocketOpen", "site socket open"],
  ["siteFirstFrame", "site socket's first frame"],
  ["articleSocketCreated", "room socket created"],
  ["articleSocketOpen", "room socket open"],
  ["articleFirstFrame", "room socket's first frame"],
];

const afterDclText = (value: number | null) => (value === null ? "—" : `${value < 0 ? "−" : ""}${ms(Math.abs(value))}`);

/** What a desk sample loads that no post sample does: the desk's own JavaScript. */
function deskOwnBytes(desk: PageSample, posts: PageSample[]): number {
  const onPosts = new Set(posts.flatMap((sample) => Object.keys(sample.scripts)));
  return Object.entries(desk.scripts).reduce((sum, [path, bytes]) => sum + (onPosts.has(path) ? 0 : bytes), 0);
}

function renderDesk({ desk, deskPath, post }: PageRun): string[] {
  const row = (label: string, metric: Metric, format: (value: number) => string) => `| ${label} | ${format(of(desk, metric))} |`;
  return [
    `| the owner's desk (\`${deskPath}\`, signed in as an owner) | median |`,
    "|---|---|",
    row("JavaScript, compressed (as transferred)", (s) => s.jsEncoded, kB),
    row("… of it the desk's own (scripts no post loads)", (s) => deskOwnBytes(s, post), kB),
    row("JavaScript, uncompressed", (s) => s.jsDecoded, kB),
    row("JavaScript files", (s) => s.jsFiles, String),
    row("DOMContentLoaded", (s) => s.dcl, ms),
  ];
}

export function renderPageRun(run: PageRun): string {
  const { bare, post } = run;
  const sizeRow = (label: string, metric: Metric, format: (value: number) => string, signed: (value: number) => string) =>
    `| ${label} | ${format(of(bare, metric))} | ${format(of(post, metric))} | ${signed(of(post, metric) - of(bare, metric))} |`;
  const jsAdded = of(post, (s) => s.jsEncoded) - of(bare, (s) => s.jsEncoded);
  const slowestLive = Math.max(afterDcl(post, "footerLive") ?? Infinity, afterDcl(post, "postLive") ?? Infinity);
  const slowestFigure = Math.max(afterDcl(post, "footerFigure") ?? Infinity, afterDcl(post, "postFigure") ?? Infinity);
  const verdict = (met: boolean) => (met ? "met" : "missed");
  return [
    `Measured ${run.date} with \`npm run bench:page\` (${Math.round(run.seconds)} s): ${run.machine}. ` +
      `1-minute load average ${run.loadAverages.before.toFixed(1)} before the run, ${run.loadAverages.after.toFixed(1)} after. ` +
      `Medians of ${post.length} fresh browser contexts per page, the pages taken in turn; kB = 1,000 bytes.`,
    "",
    `| | bare Next.js page | post (\`${run.postPath}\`) | post − bare |`,
    "|---|---|---|---|",
    sizeRow("JavaScript, compressed (as transferred)", (s) => s.jsEncoded, kB, signedKB),
    sizeRow("JavaScript, uncompressed", (s) => s.jsDecoded, kB, signedKB),
    sizeRow("JavaScript files", (s) => s.jsFiles, String, (value) => `${value >= 0 ? "+" : "−"}${Math.abs(value)}`),
    sizeRow("HTML, compressed", (s) => s.htmlEncoded, kB, signedKB),
    sizeRow("HTML, uncompressed", (s) => s.htmlDecoded, kB, signedKB),
    sizeRow("DOMContentLoaded", (s) => s.dcl, ms, signedMs),
    sizeRow("load", (s) => s.load, ms, signedMs),
    "",
    "| on the post, after DOMContentLoaded (negative: before it) | median |",
    "|---|---|",
    ...LIVE_ROWS.map(([mark, label]) => `| ${label} | ${afterDclText(afterDcl(post, mark))} |`),
    ...TIMELINE_ROWS.map(([mark, label]) => `| … ${label} | ${afterDclText(afterDcl(post, mark))} |`),
    "",
    ...renderDesk(run),
    "",
    "| target | measured | |",
    "|---|---|---|",
    `| the post's JavaScript adds ≤ ${kB(JS_BUDGET_BYTES)} compressed over the bare page | ${signedKB(jsAdded)} | ${verdict(jsAdded <= JS_BUDGET_BYTES)} |`,
    `| both live counts show the socket's value ≤ ${LIVE_BUDGET_MS} ms after DOMContentLoaded | ${afterDclText(slowestLive)} (the later of the two) | ${verdict(slowestLive <= LIVE_BUDGET_MS)} |`,
    `| both counts show a figure ≤ ${LIVE_BUDGET_MS} ms after DOMContentLoaded | ${afterDclText(slowestFigure)} (the later of the two) | ${verdict(slowestFigure <= LIVE_BUDGET_MS)} |`,
  ].join("\n");
}
