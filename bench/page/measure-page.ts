// Opens a page once in a fresh Chromium context (empty cache, no cookies) and reads what it
// cost: the JavaScript and HTML it downloaded, its DOMContentLoaded and load, and, on a post,
// when each live count first showed a figure and when it showed the socket's value. The owner's
// desk is opened signed in (the demo sign-in, through Auth.js's own routes).
import { type Browser, type BrowserContext, devices } from "@playwright/test";

/** Milliseconds since the navigation started, as the page's own clock (performance.now()) has them. */
export interface LiveMarks {
  /** The footer's "N readers online" shows a number: the server-rendered one, or the live one if that came first. */
  footerFigure?: number;
  /** The footer shows the site socket's value (its "N active" beside it appears only then). */
  footerLive?: number;
  /** The post's "N reading now" shows a number. */
  postFigure?: number;
  /** The post's "N reading now" shows its room socket's value. */
  postLive?: number;
  ticketStart?: number;
  ticketEnd?: number;
  siteSocketCreated?: number;
  siteSocketOpen?: number;
  siteFirstFrame?: number;
  articleSocketCreated?: number;
  articleSocketOpen?: number;
  articleFirstFrame?: number;
}

export interface PageSample {
  /** Every script of the page's own origin, by path, with its compressed size. */
  scripts: Record<string, number>;
  jsEncoded: number;
  jsDecoded: number;
  jsFiles: number;
  htmlEncoded: number;
  htmlDecoded: number;
  dcl: number;
  load: number;
  marks: LiveMarks;
}

/**
 * Runs in the page before its own scripts. Notes the animation frame in which each count first
 * shows (a streamed server figure counts once React has moved it out of its hidden holder),
 * and when the presence sockets are created, open and get their first frame.
 */
function watchLiveCounts(): void {
  const marks: Record<string, number> = {};
  (window as unknown as { __liveMarks: Record<string, number> }).__liveMarks = marks;
  const mark = (name: string) => {
    if (!(name in marks)) marks[name] = performance.now();
  };
  const framing = new Set<string>();
  const markAtNextFrame = (name: string) => {
    if (name in marks || framing.has(name)) return;
    framing.add(name);
    requestAnimationFrame(() => mark(name));
  };
  const shown = (testId: string, test: (element: Element) => boolean) =>
    [...document.querySelectorAll(`[data-testid="${testId}"]`)].some((element) => !element.closest("[hidden]") && test(element));
  const hasNumber = (element: Element) => /\d/.test(element.textContent ?? "");
  const check = () => {
    if (shown("readers-online", hasNumber)) markAtNextFrame("footerFigure");
    if (shown("readers-active", () => true)) markAtNextFrame("footerLive");
    if (shown("article-readers-count", hasNumber)) markAtNextFrame("postFigure");
    // While it shows the server's figure, the count says so (data-source="server").
    if (shown("article-readers-count", (element) => element.getAttribute("data-source") !== "server")) markAtNextFrame("postLive");
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const party = /\/parties\/(\w+)\//.exec(String(url))?.[1] ?? "other";
      mark(`${party}SocketCreated`);
      this.addEventListener("open", () => mark(`${party}SocketOpen`), { once: true });
      this.addEventListener("message", () => mark(`${party}FirstFrame`), { once: true });
    }
  };
}

const LIVE_TIMEOUT_MS = 15_000;
/** Chunks a page fetches after its counts are live (on demand) still count, if they come this soon. */
const SETTLE_MS = 500;

/** Signs the context in with the demo sign-in: the form post the header's sign-in makes. */
async function signIn(context: BrowserContext, origin: string, name: string): Promise<void> {
  const { csrfToken } = (await (await context.request.get(`${origin}/api/auth/csrf`)).json()) as { csrfToken: string };
  const response = await context.request.post(`${origin}/api/auth/callback/demo`, { form: { csrfToken, name, callbackUrl: origin } });
  const cookies = await context.cookies(origin);
  if (!response.ok() || !cookies.some((cookie) => cookie.name.endsWith("authjs.session-token"))) throw new Error(`demo sign-in as ${name} failed`);
}

export interface MeasureOptions {
  /** Wait until both live counts show the sockets' values (a post). */
  live: boolean;
  /** Sign in first with the demo sign-in, under this name. */
  signInAs?: string;
}

export async function measurePage(browser: Browser, url: string, { live, signInAs }: MeasureOptions): Promise<PageSample> {
  // A desktop Chrome's User-Agent, as in the e2e suite: headless Chromium's own says "HeadlessChrome",
  // and the worker counts such a browser nowhere, which would skip the path a reader's socket takes.
  const context = await browser.newContext({ ...devices["Desktop Chrome"] });
  try {
    if (signInAs) await signIn(context, new URL(url).origin, signInAs);
    // tsx keeps function names with a `__name` helper that the page doesn't have: a stand-in first.
    await context.addInitScript({ content: `var __name = (target) => target;\n(${watchLiveCounts.toString()})();` });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: "load" });
    if (live) {
      await page.waitForFunction(
        () => {
          const marks = (window as unknown as { __liveMarks: Record<string, number> }).__liveMarks;
          return "footerLive" in marks && "postLive" in marks;
        },
        undefined,
        { timeout: LIVE_TIMEOUT_MS },
      );
    }
    await page.waitForTimeout(SETTLE_MS);
    return await page.evaluate(() => {
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const scripts = new Map<string, PerformanceResourceTiming>();
      for (const entry of resources) {
        const { origin, pathname } = new URL(entry.name);
        if (origin === location.origin && (entry.initiatorType === "script" || pathname.endsWith(".js"))) scripts.set(entry.name, entry);
      }
      const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      const ticket = resources.find((entry) => entry.name.includes("/api/presence/ticket"));
      const marks = { ...(window as unknown as { __liveMarks: Record<string, number> }).__liveMarks };
      if (ticket) Object.assign(marks, { ticketStart: ticket.startTime, ticketEnd: ticket.responseEnd });
      return {
        scripts: Object.fromEntries([...scripts.values()].map((entry) => [new URL(entry.name).pathname, entry.encodedBodySize])),
        jsEncoded: [...scripts.values()].reduce((sum, entry) => sum + entry.encodedBodySize, 0),
        jsDecoded: [...scripts.values()].reduce((sum, entry) => sum + entry.decodedBodySize, 0),
        jsFiles: scripts.size,
        htmlEncoded: navigation?.encodedBodySize ?? 0,
        htmlDecoded: navigation?.decodedBodySize ?? 0,
        dcl: navigation?.domContentLoadedEventEnd ?? 0,
        load: navigation?.loadEventEnd ?? 0,
        marks,
      };
    });
  } finally {
    await context.close();
  }
}
