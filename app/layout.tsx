import type { Metadata } from "next";
import { type ReactNode, Suspense } from "react";
import { SiteFooter } from "@/components/site-footer";
import { UserMenu } from "@/components/auth/user-menu";
import { SiteHeader } from "@/components/blog/site-header";
import { AuthorStatusBadge } from "@/components/presence/author-status";
import { EarlyPresence } from "@/components/presence/early-presence";
import { PresenceProvider } from "@/components/presence/presence-provider";
import { PRESENCE_HOST } from "@/lib/public-env";
import "./globals.css";
import "@/components/presence/presence.css";

export const metadata: Metadata = {
  title: { default: "Live Readers", template: "%s · Live Readers" },
  description: "A blog about real-time presence that knows who is reading it, live.",
  alternates: { types: { "application/rss+xml": "/feed.xml" } },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <EarlyPresence host={PRESENCE_HOST} />
        <PresenceProvider>
          <SiteHeader
            status={<AuthorStatusBadge />}
            actions={
              <Suspense fallback={null}>
                <UserMenu />
              </Suspense>
            }
          />
          <main className="site-main">{children}</main>
          <SiteFooter />
        </PresenceProvider>
      </body>
    </html>
  );
}
