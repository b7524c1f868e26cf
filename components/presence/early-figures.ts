// Before the page hydrates, the live counts show the figures of the sockets its inline script
// opened (hooks/early-presence.ts): a plain DOM painter fills them in on the elements the server
// rendered, until React renders its own. Those elements are marked (data-early) and rendered by
// React only while it has no live figure of its own: the first render with one replaces them,
// so what was painted is never compared with, or left behind by, what React renders next.
import { createStore } from "zustand/vanilla";
import { readServerFrame, SERVER_FRAMES } from "../../party/shared/server-frames";
import { earlyPresence, type EarlySocket } from "../../hooks/early-presence";
import { articleRoomState, type ArticleRoomState } from "../../stores/article-room-store";
import { sitePresenceState, type SitePresenceState } from "../../stores/site-presence-store";
import type { EarlyFigure } from "./early-figure-marks";
import { activeReadersText, readersOnlineFigures, readingNowText } from "./reader-count-text";

/** The room the painter's own copy of the room state follows (whichever post the early socket joined). */
const EARLY_ROOM = "early";

/** Starts painting, if the page's inline script opened sockets; stops once no marked element is left. */
export function paintEarlyFigures(): void {
  void earlyPresence()?.sockets.then((sockets) => {
    if (!sockets) return;
    // The frames go through the stores' own rules, in copies of the stores the sockets' new owners feed.
    const site = createStore(sitePresenceState);
    const room = createStore(articleRoomState);
    room.getState().enter(EARLY_ROOM);
    const stops: (() => void)[] = [];
    const paint = () => {
      const elements = document.querySelectorAll<HTMLElement>("[data-early]");
      if (elements.length === 0 && document.readyState !== "loading") stops.splice(0).forEach((stop) => stop());
      for (const element of elements) paintFigure(element, site.getState(), room.getState());
    };
    const follow = (socket: EarlySocket | null, feed: (raw: unknown) => void) => {
      if (!socket) return;
      socket.frames.forEach(feed);
      // Through the early socket rather than its WebSocket: a crowded room's is replaced by the one at its seat.
      socket.hear = (raw) => {
        feed(raw);
        paint();
      };
      stops.push(() => delete socket.hear);
    };
    follow(sockets.site, (raw) => {
      const frame = readServerFrame(SERVER_FRAMES.site, raw);
      if (frame) site.getState().receive(frame);
    });
    follow(sockets.article, (raw) => {
      const frame = readServerFrame(SERVER_FRAMES.article, raw);
      if (frame) room.getState().receive(EARLY_ROOM, frame);
    });
    paint();
    // Run before the whole page is parsed, the footer's elements may be still to come.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", paint, { once: true });
  });
}

function paintFigure(element: HTMLElement, site: SitePresenceState, room: ArticleRoomState): void {
  switch (element.dataset.early as EarlyFigure) {
    case "site-online": {
      if (site.status !== "live") return;
      const { text, unavailable } = readersOnlineFigures(site);
      element.textContent = text;
      element.dataset.status = unavailable ? "unavailable" : "ok";
      return;
    }
    case "site-active": {
      const { active } = readersOnlineFigures(site);
      if (active === null) return;
      element.textContent = activeReadersText(active);
      element.hidden = false;
      return;
    }
    case "room-count": {
      // The note "Finding other readers…" becomes the count (only then is it the count, for tests and the bench).
      if (!room.live) return;
      const { count } = room;
      element.textContent = readingNowText(count);
      element.className = "article-readers article-readers-count";
      element.dataset.testid = "article-readers-count";
      element.dataset.count = String(count);
      element.dataset.source = "early";
      return;
    }
  }
}
