import { createStore } from "zustand/vanilla";
import { readServerFrame, SERVER_FRAMES } from "../../../party/shared/server-frames";
import { SOCKET_QUERY, seatOf } from "../../../party/shared/wire-constants";
import { isActive } from "../../../hooks/activity";
import { ProgressSender, scrollProgress } from "../../../hooks/progress-sender";
import { sendMessage } from "../../../hooks/send-message";
import { readingNowText } from "../../../components/presence/reader-count-text";
import { articleRoomState } from "../../../stores/article-room-state";
import type { ScriptTagConfig } from "./config";
import { marked, paintText, postBody } from "./page";
import { openPresenceSocket, type PresenceSocket } from "./presence-socket";
import { mountRail } from "./rail";

/** A tab follows a room's "room-moved" at most this often (as the app's use-article-room.ts). */
const MOVE_AT_MOST_EVERY_MS = 10_000;
/**
 * A room whose socket never opened after this many tries in a row, while the site's socket is
 * live, was refused (the worker answers 404 for a page that isn't one of the site's posts): the
 * page stops asking.
 */
const REFUSED_AFTER_FAILURES = 3;

export type RoomStore = ReturnType<typeof createRoomStore>;
const createRoomStore = () => createStore(articleRoomState);

/**
 * On a post: its room's socket, "N reading now" in the post's `data-live-readers="reading-now"`
 * elements (those without a `data-post` of their own), the reading rail, and this reader's
 * progress as they scroll, at the pace the room asks for.
 */
export function startRoom(config: ScriptTagConfig, slug: string, workerReachable: () => boolean): PresenceSocket & { store: RoomStore } {
  const store = createRoomStore();
  store.getState().enter(slug);
  const body = postBody();
  let progress = 0;
  let seat: number | null = null;
  let movedAt = Number.NEGATIVE_INFINITY;
  let failures = 0;
  const measure = () => (progress = scrollProgress(body.getBoundingClientRect(), window.innerHeight));
  const sender = new ProgressSender((value) => sendMessage(presence.socket, { type: "progress", progress: value }));
  // Your own marker follows your scrolling at once; the room hears of it at the pace it asks for.
  const onScroll = () => {
    store.getState().moveSelf(slug, measure());
    sender.update(progress);
  };
  const presence = openPresenceSocket(config, "article", slug, {
    query: () => ({ [SOCKET_QUERY.progress]: measure().toFixed(3), ...(seat === null ? {} : { [SOCKET_QUERY.seat]: String(seat) }) }),
    open: (socket) => {
      failures = -Infinity;
      seat = seatOf(socket.url ? new URL(socket.url).searchParams.get(SOCKET_QUERY.seat) : null) ?? seat;
      sender.reset();
      onScroll();
      if (!isActive()) sendMessage(socket, { type: "activity", active: false });
    },
    message: (data, socket) => {
      const message = readServerFrame(SERVER_FRAMES.article, data);
      if (!message) return;
      if (message.type === "room-moved") {
        if (performance.now() - movedAt < MOVE_AT_MOST_EVERY_MS) return;
        movedAt = performance.now();
        seat = message.seat;
        return socket.reconnectNow();
      }
      if (message.sendEveryMs !== undefined) sender.setInterval(message.sendEveryMs);
      store.getState().receive(slug, message);
    },
    close: () => {
      if (++failures >= REFUSED_AFTER_FAILURES && workerReachable()) refused();
    },
  });
  const counts = [...marked("reading-now")].filter((element) => element.dataset.post === undefined);
  const unmountRail = config.rail ? mountRail(store) : () => {};
  const paint = () => {
    const { live, count } = store.getState();
    for (const element of counts) {
      if (live) paintText(element, readingNowText(count));
      element.dataset.state = live ? "live" : "connecting";
    }
  };
  const unsubscribe = store.subscribe(paint);
  paint();
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", onScroll);
  const leave = () => {
    window.removeEventListener("scroll", onScroll);
    window.removeEventListener("resize", onScroll);
    sender.dispose();
    unsubscribe();
    unmountRail();
    presence.leave();
  };
  function refused(): void {
    leave();
    for (const element of counts) {
      paintText(element, "");
      element.dataset.state = "refused";
    }
  }
  return { ...presence, leave, store };
}
