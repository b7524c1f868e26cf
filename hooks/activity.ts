"use client";
import { IDLE_AFTER_MS } from "@/party/timing";

// Whether the reader is active: the tab is visible and there was input (keys, pointer,
// scroll, touch) in the last minute. One tracker per tab, shared by its sockets, which
// tell the worker when it changes.

type Listener = (active: boolean) => void;

const INPUT_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart"] as const;
const CHECK_EVERY_MS = 5_000;

let lastInputAt = 0;
let active = true;
const listeners = new Set<Listener>();
let stopTracking: (() => void) | null = null;

function evaluate(): void {
  const next = document.visibilityState === "visible" && Date.now() - lastInputAt < IDLE_AFTER_MS;
  if (next === active) return;
  active = next;
  for (const listener of listeners) listener(active);
}

function startTracking(): () => void {
  lastInputAt = Date.now();
  active = document.visibilityState === "visible";
  const onInput = () => {
    lastInputAt = Date.now();
    if (!active) evaluate();
  };
  for (const event of INPUT_EVENTS) window.addEventListener(event, onInput, { passive: true, capture: true });
  document.addEventListener("visibilitychange", evaluate);
  const timer = setInterval(evaluate, CHECK_EVERY_MS);
  return () => {
    for (const event of INPUT_EVENTS) window.removeEventListener(event, onInput, { capture: true });
    document.removeEventListener("visibilitychange", evaluate);
    clearInterval(timer);
  };
}

/** Whether this tab's reader is active right now. */
export function isActive(): boolean {
  return active;
}

/** Calls `listener` whenever the reader turns active or idle; returns the unsubscribe. */
export function onActivityChange(listener: Listener): () => void {
  if (listeners.size === 0) stopTracking = startTracking();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      stopTracking?.();
      stopTracking = null;
    }
  };
}
