"use client";
import { useEffect, useRef } from "react";
import { readServerFrame, SERVER_FRAMES } from "../party/shared/server-frames";
import { useSitePresenceStore } from "../stores/site-presence-store";
import { isActive, onActivityChange } from "./activity";
import { announceIdentityChange, onIdentityChange } from "./identity-events";
import type { PresenceEndpoints } from "./presence-endpoints";
import { presenceSocketOptions } from "./presence-socket-options";
import { sendMessage } from "./send-message";
import { ReplaceableSocket, type WireSocket } from "./replaceable-socket";

/** How long a dropped socket may take to come back before the count says it is unavailable. */
const UNAVAILABLE_AFTER_MS = 2000;

/**
 * Opens this tab's one site socket and feeds the site presence store. Mounted once,
 * in the root layout, so client-side navigation never reconnects it. Tells the worker
 * which post the tab shows (`location`), and reconnects with a fresh ticket whenever
 * the reader's identity changes (make-before-break, so the count never blinks).
 */
export function useSitePresenceSocket(location: string | null, { host, ticketUrl }: PresenceEndpoints): void {
  const socketRef = useRef<ReplaceableSocket | null>(null);
  const locationRef = useRef(location);

  useEffect(() => {
    const { receive, markUnavailable } = useSitePresenceStore.getState();
    let unavailableTimer: ReturnType<typeof setTimeout> | undefined;
    const wire: WireSocket = (socket, isCurrent) => {
      socket.addEventListener("open", () => {
        sendMessage(socket, { type: "location", slug: locationRef.current });
        if (!isActive()) sendMessage(socket, { type: "activity", active: false });
      });
      socket.addEventListener("message", (event: MessageEvent) => {
        const message = readServerFrame(SERVER_FRAMES.site, event.data);
        if (!message || !isCurrent()) return;
        clearTimeout(unavailableTimer);
        unavailableTimer = undefined;
        if (message.type === "identity-stale") announceIdentityChange({ allTabs: false });
        receive(message);
      });
      socket.addEventListener("close", () => {
        if (!isCurrent()) return;
        // Started by the first close only: failed reconnects must not keep pushing it back.
        unavailableTimer ??= setTimeout(markUnavailable, UNAVAILABLE_AFTER_MS);
      });
    };
    const socket = new ReplaceableSocket(presenceSocketOptions({ host, ticketUrl }, "site", "global"), wire);
    socketRef.current = socket;
    const stopListening = onIdentityChange(() => socket.replace("identity"));
    const stopWatching = onActivityChange((active) => sendMessage(socket.current, { type: "activity", active }));
    return () => {
      stopListening();
      stopWatching();
      clearTimeout(unavailableTimer);
      socket.close();
      socketRef.current = null;
    };
  }, [host, ticketUrl]);

  useEffect(() => {
    locationRef.current = location;
    const socket = socketRef.current?.current;
    if (socket) sendMessage(socket, { type: "location", slug: location });
  }, [location]);
}

