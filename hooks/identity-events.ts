"use client";
// Tells the presence sockets that who the reader is has changed (sign-in, sign-out,
// "show me as online" switched), so they reconnect with a fresh presence ticket.
// No page reload involved.

const CHANNEL = "live-readers:identity";
const EVENT = "live-readers:identity-changed";

/** In this tab, and (by default) in every other tab of this browser. */
export function announceIdentityChange({ allTabs = true } = {}): void {
  window.dispatchEvent(new Event(EVENT));
  if (allTabs && "BroadcastChannel" in window) {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage("changed");
    channel.close();
  }
}

/** Calls `listener` when this tab or another tab of this browser announces a change. */
export function onIdentityChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;
  channel?.addEventListener("message", listener);
  return () => {
    window.removeEventListener(EVENT, listener);
    channel?.close();
  };
}
