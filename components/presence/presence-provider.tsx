"use client";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useSitePresenceSocket } from "@/hooks/use-site-presence-socket";

const POST_PATH = /^\/posts\/([a-z0-9-]+)\/?$/;

/** Lives in the root layout: one site socket per tab, kept across client-side navigation. */
export function PresenceProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  useSitePresenceSocket(POST_PATH.exec(pathname)?.[1] ?? null);
  return <>{children}</>;
}
