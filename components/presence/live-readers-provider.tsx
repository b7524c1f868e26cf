"use client";
import { usePathname } from "next/navigation";
import { type ReactNode, useMemo } from "react";
import { DEFAULT_POST_PATH_PREFIX, DEFAULT_TICKET_URL } from "../../hooks/early-presence";
import { PresenceEndpointsContext } from "../../hooks/presence-endpoints";
import { useSitePresenceSocket } from "../../hooks/use-site-presence-socket";
import { paintEarlyFigures } from "./early-figures";
import { postSlugFromPath } from "./post-slug-from-path";

// As this module loads, before the page hydrates: the counts show the early sockets' figures.
if (typeof window !== "undefined") paintEarlyFigures();

export interface LiveReadersProviderProps {
  /** The presence worker's host[:port], without a scheme. */
  host: string;
  /** The blog's ticket route; default "/api/presence/ticket". */
  ticketUrl?: string;
  /** Where the blog's posts live, so the worker knows which post a tab shows; default "/posts/". */
  postPathPrefix?: string;
  children: ReactNode;
}

/**
 * Goes in the root layout: one site socket per tab, kept across client-side navigation,
 * and the endpoints for the live islands below it (footer count, a post's readers).
 */
export function LiveReadersProvider({
  host,
  ticketUrl = DEFAULT_TICKET_URL,
  postPathPrefix = DEFAULT_POST_PATH_PREFIX,
  children,
}: LiveReadersProviderProps) {
  const pathname = usePathname();
  const endpoints = useMemo(() => ({ host, ticketUrl }), [host, ticketUrl]);
  useSitePresenceSocket(postSlugFromPath(pathname, postPathPrefix), endpoints);
  return <PresenceEndpointsContext value={endpoints}>{children}</PresenceEndpointsContext>;
}
