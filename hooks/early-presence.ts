// What the page starts before its JavaScript has arrived: an inline script at the top of <body>
// asks for the presence ticket and, once it has one, opens the tab's presence sockets (the site's,
// and on a post the post's room), keeping their frames and their heartbeat until the sockets are
// handed over (early-sockets.ts). The live counts paint the frames in the meantime
// (components/presence/early-figures.ts). Plain module: the server renders the script, the browser reads its record.
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_PING, MAX_ROOM_SEATS, SOCKET_QUERY } from "../party/shared/wire-constants";
import { POST_SLUG_IN_PATH } from "../components/presence/post-slug-from-path";
import { partyUrl } from "./reconnecting-socket";

/** A blog's ticket route, unless it says otherwise. */
export const DEFAULT_TICKET_URL = "/api/presence/ticket";
/** Where a blog's posts live, unless it says otherwise. */
export const DEFAULT_POST_PATH_PREFIX = "/posts/";

/**
 * An early socket keeps at most this many frames for its new owner; past that (a page whose
 * JavaScript never comes, in a busy room) it closes, and the tab reconnects as after a drop.
 */
export const EARLY_FRAMES_KEPT = 256;

/** One socket the inline script opened. */
export interface EarlySocket {
  /** Where it connects, without its query: partyUrl(host, party, room). */
  url: string;
  /** The current one: a crowded post's room socket is replaced once, by the one at its seat. */
  ws: WebSocket;
  /** Every frame its current socket received until it was handed over, raw and unchecked. */
  frames: unknown[];
  /** Its heartbeat timer, stopped at the handover. */
  beat: ReturnType<typeof setInterval>;
  /** Hears each frame as it is kept, and after the handover (the painter, components/presence/early-figures.ts). */
  hear?: (raw: unknown) => void;
  /** The relay a crowded post's room seated it in ("room-moved"): its current socket connected there. */
  seat?: number;
  /** Handed over (early-sockets.ts): its frames go to its new owner, who sends its heartbeat. */
  taken?: boolean;
}

export interface EarlyPresence {
  /** The ticket route it asked. */
  url: string;
  at: number;
  /** The route's JSON, or null when it failed; unchecked. Deleted once the tab asks the route itself. */
  ticket?: Promise<unknown>;
  /** Resolves once the ticket is in: the sockets opened with it (null: none), each taken once. */
  sockets: Promise<{ site: EarlySocket | null; article: EarlySocket | null } | null>;
}

declare global {
  interface Window {
    __liveReadersEarly?: EarlyPresence;
  }
}

export interface EarlyPresenceOptions {
  /** The presence worker's host[:port], without a scheme. */
  host: string;
  ticketUrl?: string;
  /** A path `<prefix><slug>` is that post: its room's socket opens early too. */
  postPathPrefix?: string;
}

/**
 * The inline script. Skipped on a page the browser prerenders (nobody reads it yet; the sockets
 * wait too). Its socket query is ticketQuery's (presence-ticket.ts; a unit test holds the two
 * together), but for a crawler's User-Agent, which the worker reads itself.
 */
export function earlyPresenceScript({ host, ticketUrl = DEFAULT_TICKET_URL, postPathPrefix = DEFAULT_POST_PATH_PREFIX }: EarlyPresenceOptions): string {
  const config = {
    ticketUrl,
    site: partyUrl(host, "site", "global"),
    rooms: partyUrl(host, "article", ""),
    posts: postPathPrefix,
    keep: EARLY_FRAMES_KEPT,
    beat: HEARTBEAT_INTERVAL_MS,
    ping: HEARTBEAT_PING,
    seats: MAX_ROOM_SEATS,
    query: { watch: SOCKET_QUERY.watch, continues: SOCKET_QUERY.continues, seat: SOCKET_QUERY.seat },
  };
  // Nothing in the config may close the <script> element.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  // XMLHttpRequest rather than fetch: its answer is one task, where fetch's body is read in a
  // second one, which Chromium runs only after the page's scripts (measured: sockets ~90 ms later).
  // A crowded post's room that seats the tab in a relay ("room-moved") is followed at once, once,
  // as the page would (use-article-room.ts), which then keeps the seated socket.
  return `(function (c, slug) {
if (document.prerendering) return;
var early = window.__liveReadersEarly = { url: c.ticketUrl, at: Date.now() };
early.ticket = new Promise(function (done) {
  var x = new XMLHttpRequest();
  x.open("GET", c.ticketUrl);
  x.responseType = "json";
  x.onloadend = function () { done(x.status >= 200 && x.status < 300 ? x.response : null); };
  x.send();
});
var path = location.pathname, post = path.indexOf(c.posts) === 0 && slug.exec(path.slice(c.posts.length));
early.sockets = early.ticket.then(function (t) {
  if (!t || typeof t.sid != "string") return null;
  var q = { sid: t.sid };
  if (navigator.webdriver && !t.countAutomated) q[c.query.watch] = "1";
  if (t.token) q.token = t.token;
  if (t.continues) q[c.query.continues] = t.continues;
  function open(url, room) {
    var s = { url: url, frames: [] };
    function connect(query) {
      var ws = s.ws = new WebSocket(url + "?" + new URLSearchParams(query));
      ws.onmessage = function (m) {
        var seat = room && !s.seat && movedTo(m.data);
        if (seat) {
          ws.onmessage = null;
          ws.close();
          var seated = Object.assign({}, q);
          seated[c.query.seat] = s.seat = seat;
          s.frames = [];
          return connect(seated);
        }
        if (s.frames.push(m.data) > c.keep) ws.close();
        if (s.hear) s.hear(m.data);
      };
    }
    connect(q);
    s.beat = setInterval(function () { if (s.ws.readyState == 1) s.ws.send(c.ping); }, c.beat);
    return s;
  }
  return { site: open(c.site), article: post ? open(c.rooms + post[1], true) : null };
}).catch(function () { return null; });
function movedTo(data) {
  if (typeof data != "string" || data.indexOf("room-moved") < 0) return 0;
  try { var f = JSON.parse(data); } catch (e) { return 0; }
  return f && f.type == "room-moved" && f.seat === Math.floor(f.seat) && f.seat >= 1 && f.seat <= c.seats ? f.seat : 0;
}
})(${json}, ${String(POST_SLUG_IN_PATH)});`;
}

/** The page's early start, if its inline script ran (and asked `ticketUrl`, when given). */
export function earlyPresence(ticketUrl?: string): EarlyPresence | null {
  if (typeof window === "undefined") return null;
  const early = window.__liveReadersEarly;
  return early && (ticketUrl === undefined || early.url === ticketUrl) ? early : null;
}
