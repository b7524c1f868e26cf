"use client";
// Tells the presence sockets that who the reader is has changed (sign-in, sign-out,
// "show me as online" switched), so they reconnect with a fresh presence ticket.
// No page reload involved.

const CHANNEL = "live-readers:identity";
const EVENT = "live-readers:identity-changed";

/**
 * This tab's mark on what it broadcasts. A BroadcastChannel message reaches every other
 * channel object of the origin, this tab's own listeners included; they already heard the
 * change from the window event, and hearing it twice would replace each socket twice.
 */
const THIS_TAB = Math.random().toString(36).slice(2);

/** In this tab, and (by default) in every other tab of this browser. */
export function announceIdentityChange({ allTabs = true } = {}): void {
  window.dispatchEvent(new Event(EVENT));
  if (allTabs && "BroadcastChannel" in window) {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage({ from: THIS_TAB });
    channel.close();
  }
}

/** Calls `listener` once when this tab or another tab of this browser announces a change. */
export function onIdentityChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;
  channel?.addEventListener("message", (event: MessageEvent<{ from?: unknown } | null>) => {
    if (event.data?.from !== THIS_TAB) listener();
  });
  return () => {
    window.removeEventListener(EVENT, listener);
    channel?.close();
  };
}
