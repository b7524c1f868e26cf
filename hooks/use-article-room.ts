"use client";
import { useEffect } from "react";
import { readServerFrame, SERVER_FRAMES } from "../party/shared/server-frames";
import { SOCKET_QUERY, seatOf } from "../party/shared/wire-constants";
import { useArticleRoomStore } from "../stores/article-room-store";
import { isActive, onActivityChange } from "./activity";
import { onIdentityChange } from "./identity-events";
import type { PresenceEndpoints } from "./presence-endpoints";
import { presenceSocketOptions } from "./presence-socket-options";
import { ProgressSender, scrollProgress } from "./progress-sender";
import { sendMessage } from "./send-message";
import { ReplaceableSocket, type WireSocket } from "./replaceable-socket";

/** A tab follows a room's "room-moved" at most this often. */
const MOVE_AT_MOST_EVERY_MS = 10_000;

/**
 * Joins the post's live room while the post is on screen: feeds the article room
 * store and reports how far down the post body this tab is, throttled. Reconnects
 * with a fresh ticket when the reader's identity changes, carrying its progress so
 * the marker keeps its place.
 */
export function useArticleRoom(slug: string, bodyElementId: string, { host, ticketUrl }: PresenceEndpoints): void {
  useEffect(() => {
    useArticleRoomStore.getState().enter(slug);
    // This visit, as the tab knows it: a room that restarted (its sockets dropped) continues it on reconnect.
    const openedAt = Date.now();
    let furthest = 0;
    let progress = 0;
    // A crowded room may seat this tab in one of its relays: its sockets connect there from then on.
    let seat: number | null = null;
    let movedAt = Number.NEGATIVE_INFINITY;
    const measure = () => {
      const body = document.getElementById(bodyElementId);
      if (body) progress = scrollProgress(body.getBoundingClientRect(), window.innerHeight);
      furthest = Math.max(furthest, progress);
      return progress;
    };
    let sender: ProgressSender | null = null;
    // Your own marker follows your scrolling at once; the room hears of it at the pace it asks for.
    const onScroll = () => {
      const now = measure();
      useArticleRoomStore.getState().moveSelf(slug, now);
      sender?.update(now);
    };
    const wire: WireSocket = (socket, isCurrent) => {
      socket.addEventListener("open", () => {
        // A tab may be seated before its page's hooks run: the inline script follows the room too
        // (early-presence.ts). A seat once learned is kept: a socket opened at the room itself
        // (asked for before the move) changes nothing.
        seat = seatOf(socket.url ? new URL(socket.url).searchParams.get(SOCKET_QUERY.seat) : null) ?? seat;
        sender?.reset();
        onScroll();
        if (!isActive()) sendMessage(socket, { type: "activity", active: false });
      });
      socket.addEventListener("message", (event: MessageEvent) => {
        const message = readServerFrame(SERVER_FRAMES.article, event.data);
        if (!message || !isCurrent()) return;
        if (message.type === "room-moved") {
          // Once in a while at most: a room never sends a seated tab on, so this can't loop.
          if (performance.now() - movedAt < MOVE_AT_MOST_EVERY_MS) return;
          movedAt = performance.now();
          seat = message.seat;
          return socket.reconnectNow();
        }
        if (message.sendEveryMs !== undefined) sender?.setInterval(message.sendEveryMs);
        useArticleRoomStore.getState().receive(slug, message);
      });
    };
    const socket = new ReplaceableSocket(
      presenceSocketOptions({ host, ticketUrl }, "article", slug, () => ({
        [SOCKET_QUERY.progress]: measure().toFixed(3),
        [SOCKET_QUERY.visitAge]: String(Date.now() - openedAt),
        [SOCKET_QUERY.furthest]: furthest.toFixed(3),
        ...(seat === null ? {} : { [SOCKET_QUERY.seat]: String(seat) }),
      })),
      wire,
    );
    sender = new ProgressSender((value) => sendMessage(socket.current, { type: "progress", progress: value }));
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    // A tab that counted nowhere had no look on anyone's rail: its new one is no re-entry to hide.
    const stopListening = onIdentityChange(() => socket.replace(useArticleRoomStore.getState().counted ? "identity" : "renew"));
    const stopWatching = onActivityChange((active) => sendMessage(socket.current, { type: "activity", active }));

    return () => {
      stopListening();
      stopWatching();
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
      sender?.dispose();
      socket.close();
      useArticleRoomStore.getState().leave(slug);
    };
  }, [slug, bodyElementId, host, ticketUrl]);
}

