// A page's early start, outside a browser: runs the inline script of hooks/early-presence.ts
// against a ticket route (for the script's XMLHttpRequest and the hooks' fetch alike) and
// sockets that record what they are asked to do. Stub it per test; `vi.unstubAllGlobals()` undoes it.
import { vi } from "vitest";
import { earlyPresenceScript, type EarlyPresenceOptions } from "@/hooks/early-presence";

export const TICKET_URL = "/api/presence/ticket";
export const HOST = "127.0.0.1:8787";

export type TicketRoute = ReturnType<typeof vi.fn<(url: URL | string) => Promise<Response>>>;

/** A ticket route that hands out a new session id on every request, as on a first visit. */
export function ticketRoute(): TicketRoute {
  let issued = 0;
  return vi.fn(async (url: URL | string) => {
    issued += 1;
    const from = new URL(String(url), "https://blog.test").searchParams.get("from");
    return Response.json({ sid: `sid-${issued}`, token: null, continues: from ? `proof-${from}` : null });
  });
}

/** The browser's XMLHttpRequest, as much as the inline script uses, answered by `route`. */
function xhrOf(route: TicketRoute) {
  return class {
    status = 0;
    response: unknown = null;
    responseType = "";
    onloadend: (() => void) | null = null;
    private url = "";
    open(_method: string, url: string) {
      this.url = url;
    }
    send() {
      route(this.url)
        .then(async (answer) => {
          this.status = answer.status;
          this.response = await answer.json().catch(() => null);
        })
        .catch(() => undefined)
        .finally(() => this.onloadend?.());
    }
  };
}

/** A WebSocket that opens nothing: it keeps what it is asked, and a test plays the worker. */
export class FakeSocket extends EventTarget {
  static opened: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: unknown[] | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly url: string) {
    super();
    FakeSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(...args: unknown[]) {
    this.closedWith = args;
    this.readyState = 3;
  }
  /** The worker accepts the socket. */
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event("open"));
  }
  /** A frame from the worker. */
  receive(data: string) {
    const event = new MessageEvent("message", { data });
    this.onmessage?.(event);
    this.dispatchEvent(event);
  }
}

export interface EarlyPageOptions extends Partial<EarlyPresenceOptions> {
  path?: string;
  prerendering?: boolean;
  webdriver?: boolean;
}

/** Stubs the browser a page's inline script runs in; returns the route, to answer or count. */
export function stubEarlyPage({ path = "/", prerendering = false, webdriver = false }: EarlyPageOptions = {}, route = ticketRoute()): TicketRoute {
  FakeSocket.opened = [];
  vi.stubGlobal("window", globalThis);
  vi.stubGlobal("document", { prerendering });
  vi.stubGlobal("location", { href: `https://blog.test${path}`, pathname: path });
  vi.stubGlobal("navigator", { webdriver, userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" });
  vi.stubGlobal("XMLHttpRequest", xhrOf(route));
  vi.stubGlobal("fetch", route);
  vi.stubGlobal("WebSocket", FakeSocket);
  return route;
}

/** Runs the script as the browser runs the inline <script> in the HTML. */
export function runInlineScript(options: Partial<EarlyPresenceOptions> = {}): void {
  new Function(earlyPresenceScript({ host: HOST, ticketUrl: TICKET_URL, ...options }))();
}

/** Waits for the script's ticket and sockets. */
export async function earlySockets() {
  return (await window.__liveReadersEarly?.sockets) ?? null;
}

export function forgetEarlyPage(): void {
  delete (globalThis as { __liveReadersEarly?: unknown }).__liveReadersEarly;
  vi.useRealTimers();
  vi.unstubAllGlobals();
}
