"use client";
import { useSettledValue } from "../../hooks/use-settled-value";

/**
 * A live count, for screen readers: a polite, visually hidden live region that says `text`
 * once it has settled (useSettledValue), so a count that changes every tick is announced at
 * most every few seconds. What it holds when it first appears is not announced. Sighted
 * readers see the count itself, which follows every change; hide that one from assistive
 * technology (aria-hidden) so it isn't read twice.
 */
export function SettledAnnouncement({ text, testId }: { text: string; testId?: string }) {
  const settled = useSettledValue(text);
  return (
    <span className="visually-hidden" data-testid={testId} aria-live="polite" aria-atomic>
      {settled}
    </span>
  );
}
