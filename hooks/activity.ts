"use client";
import { ActivityTracker, type ActivitySource } from "./activity-tracker";

// One activity tracker per tab, shared by its sockets, which tell the worker when the
// reader turns active or idle. It runs while anything listens.

type Listener = (active: boolean) => void;

const INPUT_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart"] as const;

const browser: ActivitySource = {
  visibility: () => document.visibilityState,
  onInput: (listener) => {
    for (const event of INPUT_EVENTS) window.addEventListener(event, listener, { passive: true, capture: true });
    return () => {
      for (const event of INPUT_EVENTS) window.removeEventListener(event, listener, { capture: true });
    };
  },
  onVisibilityChange: (listener) => {
    document.addEventListener("visibilitychange", listener);
    return () => document.removeEventListener("visibilitychange", listener);
  },
};

const listeners = new Set<Listener>();
let tracker: ActivityTracker | null = null;

/** Whether this tab's reader is active right now. */
export function isActive(): boolean {
  return tracker?.active ?? document.visibilityState === "visible";
}

/** Calls `listener` whenever the reader turns active or idle; returns the unsubscribe. */
export function onActivityChange(listener: Listener): () => void {
  tracker ??= new ActivityTracker(browser, (active) => {
    for (const each of listeners) each(active);
  });
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      tracker?.stop();
      tracker = null;
    }
  };
}
