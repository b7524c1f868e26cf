"use client";
import { useState, useTransition } from "react";
import { announceIdentityChange } from "@/hooks/identity-events";
import { setExcludeFromStatsAction } from "@/lib/actions/desk";

/** An owner's own visits: counted like anyone's, or nowhere (online, rails, insights). */
export function ExcludeSelfToggle({ initial }: { initial: boolean }) {
  const [exclude, setExclude] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const change = (next: boolean) =>
    start(async () => {
      const result = await setExcludeFromStatsAction(next);
      if ("error" in result) return setError(result.error);
      setExclude(next);
      setError(null);
      // This browser's sockets reconnect with a ticket that says so.
      announceIdentityChange();
    });
  return (
    <div className="setting">
      <label className="setting-switch">
        <input type="checkbox" role="switch" data-testid="exclude-self-toggle" checked={exclude} disabled={pending} onChange={(event) => change(event.target.checked)} />
        Don&apos;t count my own visits
      </label>
      <p className="setting-status" aria-live="polite">
        {error ?? (exclude ? "Your visits count nowhere: not online, not on a rail, not in the insights." : "Your visits count like anyone's.")}
      </p>
    </div>
  );
}
