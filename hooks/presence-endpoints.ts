"use client";
import { createContext, useContext } from "react";

/** Where a blog's presence sockets connect, and where they get their tickets. */
export interface PresenceEndpoints {
  /** The presence worker's host[:port], without a scheme, e.g. "presence.example.workers.dev". */
  host: string;
  /** The blog's own ticket route (same origin, so its cookies go along), e.g. "/api/presence/ticket". */
  ticketUrl: string;
}

/** Set by <LiveReadersProvider>, read by the article islands below it. */
export const PresenceEndpointsContext = createContext<PresenceEndpoints | null>(null);

export function usePresenceEndpoints(): PresenceEndpoints {
  const endpoints = useContext(PresenceEndpointsContext);
  if (!endpoints) throw new Error("Live reader components must be rendered inside <LiveReadersProvider>");
  return endpoints;
}
