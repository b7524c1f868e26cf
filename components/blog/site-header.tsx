import Link from "next/link";
import type { ReactNode } from "react";

export function SiteHeader({ actions, status }: { actions?: ReactNode; status?: ReactNode }) {
  return (
    <header className="site-header">
      <Link href="/" className="site-name">
        Live Readers
      </Link>
      <nav className="site-nav" aria-label="Main">
        <Link href="/">Home</Link>
        <Link href="/online">Online</Link>
        <a href="/feed.xml">RSS</a>
      </nav>
      {status}
      <div className="site-header-actions">{actions}</div>
    </header>
  );
}
