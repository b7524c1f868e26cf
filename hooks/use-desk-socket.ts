"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { DeskServerMessage } from "../party/shared/protocol";
import { readServerFrame, SERVER_FRAMES } from "../party/shared/server-frames";
import { onIdentityChange } from "./identity-events";
import type { PresenceEndpoints } from "./presence-endpoints";
import { presenceSocketOptions } from "./presence-socket-options";
import { ReplaceableSocket } from "./replaceable-socket";

export type DeskState = Extract<DeskServerMessage, { type: "desk-snapshot" }>;

const LOG_LINES = 100;

/** Folds a desk frame into what the desk shows. */
export function applyDeskFrame(state: DeskState | null, frame: DeskServerMessage): DeskState | null {
  if (frame.type === "desk-snapshot") return frame;
  if (!state) return null;
  const minutes = state.minutes.at(-1)?.at === frame.minute.at ? [...state.minutes.slice(0, -1), frame.minute] : [...state.minutes.slice(1), frame.minute];
  const { online, active, reading, today, record } = frame;
  return { ...state, online, active, reading, today, record, minutes, log: [...state.log, ...frame.log].slice(-LOG_LINES) };
}

/**
 * The owner's desk socket: the figures now, the chart's current minute and the live log. When
 * who the reader is changes (signed out, in this tab or another), the page asks the server again,
 * which sends anyone who is no longer an owner away; the worker closes the desk socket itself.
 */
export function useDeskSocket(initial: DeskState | null, { host, ticketUrl }: PresenceEndpoints): DeskState | null {
  const [state, setState] = useState(initial);
  const router = useRouter();
  useEffect(() => onIdentityChange(() => router.refresh()), [router]);
  useEffect(() => {
    const socket = new ReplaceableSocket(presenceSocketOptions({ host, ticketUrl }, "desk", "main"), (raw, isCurrent) => {
      raw.addEventListener("message", (event: MessageEvent) => {
        const frame = readServerFrame(SERVER_FRAMES.desk, event.data);
        if (frame && isCurrent()) setState((current) => applyDeskFrame(current, frame));
      });
    });
    return () => socket.close();
  }, [host, ticketUrl]);
  return state;
}
