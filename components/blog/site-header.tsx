import { AppLink } from "@/components/blog/app-link";
import type { ReactNode } from "react";

export function SiteHeader({ actions, status }: { actions?: ReactNode; status?: ReactNode }) {
  return (
    <header className="site-header">
      <AppLink href="/" className="site-name">
        Live Readers
      </AppLink>
      <nav className="site-nav" aria-label="Main">
        <AppLink href="/">Home</AppLink>
        <AppLink href="/online">Online</AppLink>
        <a href="/feed.xml">RSS</a>
      </nav>
      {status}
      <div className="site-header-actions">{actions}</div>
    </header>
  );
}
