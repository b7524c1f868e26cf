import { createStore } from "zustand/vanilla";
import type { ReadingCounts } from "../../../party/shared/protocol";
import { readServerFrame, SERVER_FRAMES } from "../../../party/shared/server-frames";
import { isActive } from "../../../hooks/activity";
import { sendMessage } from "../../../hooks/send-message";
import { readersOnlineFigures, readingNowText } from "../../../components/presence/reader-count-text";
import { emptyRankingText, rankPosts } from "../../../components/presence/rank-posts";
import { sitePresenceState } from "../../../stores/site-presence-state";
import type { ScriptTagConfig } from "./config";
import { marked, paintText, sitePosts } from "./page";
import { openPresenceSocket, type PresenceSocket } from "./presence-socket";

/** How long a dropped socket may take to come back before the count says it is unavailable (as the app's footer). */
const UNAVAILABLE_AFTER_MS = 2000;

export type SiteStore = ReturnType<typeof createSiteStore>;
const createSiteStore = () => createStore(sitePresenceState);

/**
 * The site's socket (all pages): "N readers online" in every `data-live-readers="online"`
 * element, "N reading now" in each `data-live-readers="reading-now"` element that names a post
 * (`data-post`), and the "reading now" ranking in a `data-live-readers="ranking"` list.
 */
export function startSite(config: ScriptTagConfig): { store: SiteStore; presence: PresenceSocket } {
  const store = createSiteStore();
  let unavailableTimer: ReturnType<typeof setTimeout> | undefined;
  const presence = openPresenceSocket(config, "site", "global", {
    open: (socket) => {
      sendMessage(socket, { type: "location", slug: config.post });
      if (!isActive()) sendMessage(socket, { type: "activity", active: false });
    },
    message: (data) => {
      const message = readServerFrame(SERVER_FRAMES.site, data);
      if (!message) return;
      clearTimeout(unavailableTimer);
      unavailableTimer = undefined;
      store.getState().receive(message);
    },
    close: () => {
      unavailableTimer ??= setTimeout(() => store.getState().markUnavailable(), UNAVAILABLE_AFTER_MS);
    },
  });
  const paint = () => paintSite(store.getState(), config);
  store.subscribe(paint);
  paint();
  const leave = presence.leave;
  presence.leave = () => {
    clearTimeout(unavailableTimer);
    leave();
  };
  return { store, presence };
}

function paintSite(state: ReturnType<SiteStore["getState"]>, config: ScriptTagConfig): void {
  const online = readersOnlineFigures(state);
  for (const element of marked("online")) {
    paintText(element, online.text);
    element.dataset.state = online.unavailable ? "unavailable" : state.status;
  }
  // undefined: still asking; null: the worker can't be reached.
  const reading = state.status === "unavailable" ? null : (state.reading ?? undefined);
  for (const element of marked("reading-now")) {
    const slug = element.dataset.post;
    if (slug !== undefined && reading) paintText(element, readingNowText(reading[slug] ?? 0));
  }
  for (const list of marked("ranking")) paintRanking(list, reading, config);
}

/** The posts most read now, linked; their titles and addresses are the page's own links to them where it has some. */
function paintRanking(list: HTMLElement, reading: ReadingCounts | null | undefined, config: ScriptTagConfig): void {
  const known = reading ?? {};
  const posts = sitePosts(config.postsPrefix);
  // Posts being read that this page doesn't link to still rank, under their slug.
  for (const slug of Object.keys(known)) if (!posts.has(slug)) posts.set(slug, { title: slug.replace(/-/g, " "), href: `${config.postsPrefix}${slug}/` });
  const ranked = rankPosts([...posts].map(([slug, { title }]) => ({ slug, title })), known);
  const items = ranked.map(({ slug, title, count }) => {
    const item = document.createElement("li");
    item.dataset.post = slug;
    item.dataset.count = String(count);
    const link = document.createElement("a");
    link.href = posts.get(slug)!.href;
    link.textContent = title;
    const figure = document.createElement("span");
    figure.className = "reading-now-count";
    figure.textContent = readingNowText(count);
    item.append(link, " ", figure);
    return item;
  });
  if (items.length === 0) {
    const empty = document.createElement("li");
    empty.className = "reading-now-empty";
    empty.textContent = emptyRankingText(reading);
    items.push(empty);
  }
  list.replaceChildren(...items);
  list.dataset.state = reading ? "live" : reading === null ? "unavailable" : "connecting";
}
