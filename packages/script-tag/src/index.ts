// The script tag: one <script> from the presence worker gives any site (Hugo, Jekyll, Eleventy,
// plain HTML...) the live figures of the app's pages. See docs/embedding.md, "Any site, one script tag".
//
//   <script src="https://presence.example.com/embed.js" data-posts="/posts/" defer></script>
//
// Then: <span data-live-readers="online"></span> (every page), <span data-live-readers="reading-now">
// </span> on a post (and the rail appears beside it), <ol data-live-readers="ranking"></ol>.
import { onActivityChange } from "../../../hooks/activity";
import { sendMessage } from "../../../hooks/send-message";
import { readConfig, type ScriptTagConfig } from "./config";
import type { PresenceSocket } from "./presence-socket";
import { startRoom } from "./room";
import { startSite } from "./site";
import { injectStyle } from "./style";
import { currentTicket, ticketExpiresInMs } from "./ticket";

declare global {
  interface Window {
    __liveReadersScriptTag?: true;
  }
}

/** Starts the page's sockets; returns how to leave (the worker drops the reader at once). */
function start(config: ScriptTagConfig): () => void {
  const site = startSite(config);
  const sockets: PresenceSocket[] = [site.presence];
  if (config.post) sockets.push(startRoom(config, config.post, () => site.store.getState().status === "live"));
  const stopWatching = onActivityChange((active) => {
    for (const { socket } of sockets) sendMessage(socket, { type: "activity", active });
  });
  let renewal: ReturnType<typeof setTimeout> | undefined;
  let left = false;
  // A page open for a day moves to a new ticket: no anonymous identifier outlives a day.
  currentTicket(config.ticketUrl).then(
    (kept) => {
      if (!left) renewal = setTimeout(() => restart(config), ticketExpiresInMs(kept) + 1000);
    },
    () => {},
  );
  return () => {
    left = true;
    clearTimeout(renewal);
    stopWatching();
    for (const { leave } of sockets) leave();
  };
}

let leave: (() => void) | null = null;

function restart(config: ScriptTagConfig): void {
  leave?.();
  leave = start(config);
}

function run(script: HTMLScriptElement): void {
  const config = readConfig(script);
  injectStyle();
  restart(config);
  // Leaving the page says goodbye; a page restored from the back/forward cache comes back.
  window.addEventListener("pagehide", () => {
    leave?.();
    leave = null;
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && !leave) restart(config);
  });
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && !window.__liveReadersScriptTag) {
  window.__liveReadersScriptTag = true;
  const go = () => run(script);
  // A page the browser prerenders is nobody reading yet.
  const whenShown = () => ((document as { prerendering?: boolean }).prerendering ? document.addEventListener("prerenderingchange", go, { once: true }) : go());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenShown, { once: true });
  else whenShown();
}
