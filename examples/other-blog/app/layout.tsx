import type { ReactNode } from "react";
import Link from "next/link";
import { LiveReadersProvider, ReadersOnline } from "@live-readers/embed/client";
import { presenceHost } from "../presence-config";
import "@live-readers/components/presence/presence.css";
import "./globals.css";

export const metadata = { title: "Another Blog" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {/* This blog's posts live at /blog/<slug>; its ticket route is the default /api/presence/ticket. */}
        <LiveReadersProvider host={presenceHost} postPathPrefix="/blog/">
          <header>
            <Link href="/">Another Blog</Link>
          </header>
          <main>{children}</main>
          <footer>
            <ReadersOnline />
          </footer>
        </LiveReadersProvider>
      </body>
    </html>
  );
}
