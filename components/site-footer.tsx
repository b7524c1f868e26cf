import { Suspense } from "react";
import { ReadersOnline } from "@/components/presence/readers-online";
import { getViewerSiteSummary } from "@/lib/presence/site-summary";

async function ReadersOnlineFirstPaint() {
  const summary = await getViewerSiteSummary();
  return <ReadersOnline initialOnline={summary?.online ?? null} />;
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <Suspense fallback={<ReadersOnline />}>
        <ReadersOnlineFirstPaint />
      </Suspense>
      <span className="site-footer-note">Live Readers — a blog that knows who is reading it.</span>
    </footer>
  );
}
