"use client";
import type { ReactNode } from "react";
import { PRESENCE_HOST } from "@/lib/public-env";
import { LiveReadersProvider } from "./live-readers-provider";

/** This blog's live readers: its worker host; posts at /posts/<slug>, tickets at /api/presence/ticket (the defaults). */
export function PresenceProvider({ children }: { children: ReactNode }) {
  return <LiveReadersProvider host={PRESENCE_HOST}>{children}</LiveReadersProvider>;
}
