"use client";
// What another Next.js blog imports to show live readers (see docs/embedding.md). This blog
// uses the same modules. Everything reachable from here imports by relative path, never
// through this repo's "@/" alias or its environment, so a vendored copy works anywhere.

export { LiveReadersProvider, type LiveReadersProviderProps } from "../components/presence/live-readers-provider";
export { ReadersOnline } from "../components/presence/readers-online";
export { formatReadersOnline } from "../components/presence/reader-count-text";
export { ArticlePresence } from "../components/presence/article-presence";
export { ArticleReaders } from "../components/presence/article-readers";
export { ReadingRail } from "../components/presence/reading-rail";
export { PostReadingCountLive } from "../components/presence/post-reading-count-live";

// Lower level: build your own islands on the same sockets and stores.
export { type PresenceEndpoints, usePresenceEndpoints } from "../hooks/presence-endpoints";
export { useSitePresenceSocket } from "../hooks/use-site-presence-socket";
export { useArticleRoom } from "../hooks/use-article-room";
export { announceIdentityChange } from "../hooks/identity-events";
export { useSitePresenceStore } from "../stores/site-presence-store";
export { otherReaders, useArticleRoomStore } from "../stores/article-room-store";
